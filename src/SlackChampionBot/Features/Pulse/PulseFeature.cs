using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Hosting;
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
        services.AddScoped<PulseTrends>();
        services.AddScoped<PulseTrendsDelivery>();
        services.AddScoped<PulseCloser>();
        services.AddSingleton<PulseFanOutGate>();
        services.AddSingleton<PulseCleanUpGate>();
        services.AddStartupNotice(sp =>
        {
            if (!string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<PulseOptions>>().Value.ResponseSalt))
            {
                PulseLog.ResponseSaltNotNeeded(sp.GetRequiredService<ILogger<PulseService>>());
            }
        });

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

    public static ServiceCollectionSlackServiceConfiguration RegisterPulseHandlers(this ServiceCollectionSlackServiceConfiguration slack)
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
