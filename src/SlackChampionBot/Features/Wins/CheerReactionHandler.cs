using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Workspaces;

namespace SlackChampionBot.Features.Wins;

/// <summary>
/// Someone reacted to a win with the cheer emoji: a star from them to the win's poster, if fair play allows, and then
/// what that star earned (also on a retry of the same event, whose first attempt paid and then failed to say so).
/// </summary>
internal sealed class CheerReactionHandler(CheerService cheers, WinAnnouncer announcer, StarLedger ledger, SlackConnection connection, SlackRequestContext context) : IEventHandler<ReactionAdded>
{
    public async Task Handle(ReactionAdded slackEvent)
    {
        var botUserId = await connection.BotUserId();
        var result = await cheers.Cheer(context.TeamId, slackEvent, context.EventId, botUserId);
        if (result is { Status: CheerStatus.Refused, Verdict.GiverIsHuman: true, Win: { } win })
        {
            await announcer.TellPrivately(slackEvent.User, win.ChannelId, WinsBlocks.Refusal(result.Verdict, win.PosterId));
        }
        else if (result is { Status: not CheerStatus.Refused, Win: { } cheered })
        {
            await ledger.AnnounceEarned(context.TeamId, [cheered.PosterId]);
        }
    }
}

/// <summary>Someone took their cheer back: its star is reversed (and the giver gets it back for today).</summary>
internal sealed class CheerRemovedHandler(CheerService cheers, SlackRequestContext context) : IEventHandler<ReactionRemoved>
{
    public Task Handle(ReactionRemoved slackEvent) => cheers.Uncheer(context.TeamId, slackEvent, context.EventId);
}
