using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Workspaces;

namespace SlackChampionBot.Features.Wins;

/// <summary>
/// Someone posted, edited or deleted a message: a win is recorded, re-scored or reversed. Most messages are in
/// channels Wins ignores, so this handler only checks the channel; the services that touch the database (WinService,
/// its BotDbContext, the announcer) are resolved from the event's scope only for a wins channel — building them for
/// every message was most of the dispatcher's CPU (see tests/SlackChampionBot.LoadTests).
/// </summary>
internal sealed class WinPostedHandler(IOptions<WinsOptions> options, IServiceProvider services) : IEventHandler<MessageEvent>
{
    public Task Handle(MessageEvent slackEvent) =>
        options.Value.IsWinsChannel(slackEvent.Channel)
            ? services.GetRequiredService<WinPostRecorder>().Handle(slackEvent)
            : Task.CompletedTask;
}

/// <summary>A message in a wins channel: records, re-scores or reverses the win (resolved by <see cref="WinPostedHandler"/>).</summary>
internal sealed class WinPostRecorder(
    WinService wins,
    WinAnnouncer announcer,
    SlackConnection connection,
    SlackRequestContext context,
    IOptions<WinsOptions> options)
{
    /// <summary>The <c>message.subtype</c> of a deleted message that had thread replies (slack-protocol.md §6).</summary>
    public const string TombstoneSubtype = "tombstone";

    public async Task Handle(MessageEvent slackEvent)
    {
        var botUserId = await connection.BotUserId();
        switch (slackEvent)
        {
            case MessageDeleted deleted:
                await Delete(deleted.Channel, deleted.DeletedTs);
                break;
            case MessageChanged { Message.Subtype: TombstoneSubtype } tombstone:
                // A message with thread replies (every win: the bot replies in its thread) is not removed when it is
                // deleted: Slack turns it into a tombstone and says so as an edit. It is a deletion all the same.
                await Delete(tombstone.Channel, tombstone.Message.Ts);
                break;
            case MessageChanged changed:
                await HandleEdit(changed, botUserId);
                break;
            default:
                await HandlePost(slackEvent, botUserId, tips: true);
                break;
        }
    }

    private async Task Delete(string? channelId, string? messageTs)
    {
        var result = await wins.ApplyDelete(context.TeamId, channelId, messageTs, context.EventId);
        if (result is { Applied: true, WinId: { } winId, ChannelId: { } channel, ReplyTs: { } replyTs })
        {
            await announcer.MarkDeleted(winId, channel, replyTs);
        }
    }

    private async Task HandleEdit(MessageChanged changed, string botUserId)
    {
        if (changed.Message?.Ts is null)
        {
            return;
        }

        if (await wins.FindWin(context.TeamId, changed.Channel!, changed.Message.Ts) is { } win)
        {
            var edit = await wins.ApplyEdit(context.TeamId, changed, context.EventId, botUserId);
            await announcer.Edited(win, edit);
            return;
        }

        // A message edited into a win (the tag added, or more story) counts from now; no tips on edits.
        var edited = changed.Message;
        edited.Channel ??= changed.Channel;
        await HandlePost(edited, botUserId, tips: false);
    }

    private async Task HandlePost(MessageEvent message, string botUserId, bool tips)
    {
        var result = await wins.RecordMessage(context.TeamId, message, context.EventId, botUserId);
        switch (result.Status)
        {
            case WinPostStatus.Tipped when tips:
                await announcer.TellPrivately(message.User!, message.Channel!, WinsBlocks.Tip(result.Tip!.Value, options.Value));
                break;
            case WinPostStatus.Recorded or WinPostStatus.AlreadyRecorded:
                await announcer.Recorded(context.TeamId, result, message.User!, message.Channel!, message.Ts!);
                break;
        }
    }
}
