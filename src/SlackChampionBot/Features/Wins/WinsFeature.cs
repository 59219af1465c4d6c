using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Workspaces;

namespace SlackChampionBot.Features.Wins;

internal static class WinsFeature
{
    /// <summary>How long an event waits for the bot's identity (auth.test) before it fails and is retried later.</summary>
    private static readonly TimeSpan IdentityWait = TimeSpan.FromSeconds(30);

    /// <summary>Customer wins, the gold star ledger, cheering and fair play.</summary>
    public static IServiceCollection AddWins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WinsOptions>().Bind(configuration.GetSection(WinsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WinsOptions>, WinsOptionsValidator>();
        services.TryAddScoped<StarLedger>();
        services.AddScoped<FairPlay>();
        services.AddScoped<WinService>();
        services.AddScoped<CheerService>();
        services.AddScoped<WinAnnouncer>();
        services.AddScoped<WinPostRecorder>();
        services.AddScoped<ShareWinForm>();
        return services;
    }

    /// <summary>Win messages (posted, edited, deleted), deleted channels, cheers, and /win with its form.</summary>
    public static SlackServiceConfiguration RegisterWinsHandlers(this SlackServiceConfiguration slack) => slack
        .RegisterEventHandler<MessageEvent, WinPostedHandler>()
        .RegisterEventHandler<ReactionAdded, CheerReactionHandler>()
        .RegisterEventHandler<ReactionRemoved, CheerRemovedHandler>()
        .RegisterEventHandler<ChannelDeleted, ChannelDeletedHandler>()
        .RegisterEventHandler<GroupDeleted, ChannelDeletedHandler>()
        .RegisterSlashCommandHandler<ShareWinCommand>(ShareWinCommand.Command)
        .RegisterBlockActionHandler<ButtonAction, ShareWinButton>(ShareWinButton.ActionId)
        .RegisterViewSubmissionHandler<ShareWinSubmission>(ShareWinSubmission.CallbackId);

    /// <summary>The bot's own user ID (auth.test), waiting briefly for the first successful check.</summary>
    public static async Task<string> BotUserId(this SlackConnection connection)
    {
        if (connection.Identity is { } identity)
        {
            return identity.BotUserId;
        }

        using var timeout = new CancellationTokenSource(IdentityWait);
        return (await connection.WaitForIdentity(timeout.Token)).BotUserId;
    }
}
