using Microsoft.Extensions.Options;

namespace SlackChampionBot.Features.Wins;

internal static class WinsFeature
{
    /// <summary>Customer wins and cheering (the ledger and fair play they pay through are the Stars slice: <c>AddStars</c>).</summary>
    public static IServiceCollection AddWins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WinsOptions>().Bind(configuration.GetSection(WinsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WinsOptions>, WinsOptionsValidator>();
        services.AddScoped<WinService>();
        services.AddScoped<CheerService>();
        services.AddScoped<WinAnnouncer>();
        services.AddScoped<WinPostRecorder>();
        services.AddScoped<ShareWinForm>();
        return services;
    }

    /// <summary>Win messages (posted, edited, deleted), deleted channels, cheers, and /win with its form.</summary>
    public static ServiceCollectionSlackServiceConfiguration RegisterWinsHandlers(this ServiceCollectionSlackServiceConfiguration slack) => slack
        .RegisterEventHandler<MessageEvent, WinPostedHandler>()
        .RegisterEventHandler<ReactionAdded, CheerReactionHandler>()
        .RegisterEventHandler<ReactionRemoved, CheerRemovedHandler>()
        .RegisterEventHandler<ChannelDeleted, ChannelDeletedHandler>()
        .RegisterEventHandler<GroupDeleted, ChannelDeletedHandler>()
        .RegisterSlashCommandHandler<ShareWinCommand>(ShareWinCommand.Command)
        .RegisterBlockActionHandler<ButtonAction, ShareWinButton>(ShareWinButton.ActionId)
        .RegisterViewSubmissionHandler<ShareWinSubmission>(ShareWinSubmission.CallbackId);
}
