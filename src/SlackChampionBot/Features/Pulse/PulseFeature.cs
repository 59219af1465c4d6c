using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

internal static class PulseFeature
{
    public const string ScheduleJobId = "pulse-schedule";
    public const string TickJobId = "pulse-tick";

    /// <summary>Anonymous pulse surveys (on when <c>Pulse:Audience</c> is set) and HR's results.</summary>
    public static IServiceCollection AddPulse(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PulseOptions>()
            .Bind(configuration.GetSection(PulseOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PulseOptions>, PulseOptionsValidator>();

        services.AddScoped<PulseService>();
        services.AddScoped<PulseAudience>();
        services.AddScoped<PulseSender>();
        services.AddScoped<PulseResults>();
        services.AddScoped<PulseExport>();
        services.AddSingleton<PulseFanOutGate>();
        services.AddSingleton<PulseBackgroundQueue>();
        services.AddHostedService<PulseBackgroundWorker>();

        services.AddRecurringJob<PulseScheduleJob>(ScheduleJobId, sp => sp.GetRequiredService<IOptions<PulseOptions>>().Value.Cron);
        services.AddRecurringJob<PulseTickJob>(TickJobId, sp => sp.GetRequiredService<IOptions<PulseOptions>>().Value.TickCron);

        // The HR group and a user-group audience are synced with the teams.
        services.AddUserGroupSource(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PulseOptions>>().Value;
            var wanted = new List<string>();
            if (!string.IsNullOrWhiteSpace(o.HrGroup))
            {
                wanted.Add(o.HrGroup);
            }

            if (o.Enabled && !o.IsChannelAudience)
            {
                wanted.Add(o.Audience!);
            }

            return wanted;
        });
        return services;
    }

    public static SlackServiceConfiguration RegisterPulseHandlers(this SlackServiceConfiguration slack)
    {
        foreach (var actionId in PulseAnswerAction.ActionIds)
        {
            slack.RegisterBlockActionHandler<ButtonAction, PulseAnswerAction>(actionId);
        }

        return slack
            .RegisterBlockActionHandler<ButtonAction, PulseCommentAction>(PulseCommentAction.ActionId)
            .RegisterViewSubmissionHandler<PulseCommentSubmission>(PulseCommentSubmission.CallbackId)
            .RegisterSlashCommandHandler<PulseCommand>(PulseCommand.Command);
    }
}

/// <summary>Pulse log messages, EventIds 2500-2599. Never an answer, a comment, or who answered.</summary>
internal static partial class PulseLog
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Pulse survey {SurveyId} (#{Number}) opened; eNPS asked: {Enps}")]
    public static partial void SurveyOpened(ILogger logger, long surveyId, int number, bool enps);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: audience of {Count} people recorded")]
    public static partial void AudienceResolved(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: {Count} DM(s) sent in this run")]
    public static partial void FanOutFinished(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Pulse survey {SurveyId}: {Count} reminder(s) sent")]
    public static partial void RemindersSent(ILogger logger, long surveyId, int count);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Information, Message = "Pulse survey {SurveyId} closed: {Delivered} delivered, {Responses} responses; participation links deleted")]
    public static partial void SurveyClosed(ILogger logger, long surveyId, int delivered, int responses);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "Pulse delivery {DeliveryId}: outcome unknown ({Reason}); it will not be sent again")]
    public static partial void DeliveryUncertain(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "Pulse delivery {DeliveryId} failed: {ErrorCode}")]
    public static partial void DeliveryFailed(ILogger logger, long deliveryId, string errorCode);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Warning, Message = "Pulse delivery {DeliveryId}: {Method} still rate limited after the client's retries; pausing")]
    public static partial void RateLimited(ILogger logger, long deliveryId, string method);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Warning, Message = "Pulse reminder for delivery {DeliveryId} failed ({Reason}); no second attempt")]
    public static partial void ReminderFailed(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Warning, Message = "Pulse audience user group {Group} not found in Slack")]
    public static partial void AudienceGroupNotFound(ILogger logger, string group);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Warning, Message = "Pulse survey {SurveyId}: a click from someone who is not the DM's recipient was refused")]
    public static partial void NotRecipient(ILogger logger, long surveyId);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Debug, Message = "Pulse survey {SurveyId}: an invalid answer button value was ignored")]
    public static partial void InvalidAnswer(ILogger logger, long surveyId);

    [LoggerMessage(EventId = 2513, Level = LogLevel.Warning, Message = "Pulse survey {SurveyId}: a comment was stored but its DM could not be updated ({ErrorCode})")]
    public static partial void CommentDmNotUpdated(ILogger logger, long surveyId, string errorCode);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Error, Message = "Pulse background work (send-now or export) failed")]
    public static partial void BackgroundWorkFailed(ILogger logger, Exception exception);
}
