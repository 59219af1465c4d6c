using SlackChampionBot.Features.Stars;

namespace SlackChampionBot.Features.Wins;

/// <summary>
/// Says things about wins in Slack, in this order: the celebration (thread reply + reaction), then what the stars
/// earned (milestone titles, through <see cref="StarLedger.AnnounceEarned"/>); keeps the reply true after an edit or a
/// deletion (chat.update); private notes. A reply that cannot be posted or updated is logged, never retried: the stars
/// are what counts, and a repeated reply would be worse than a missing one. What the stars earned is retried with the
/// event (its failure propagates).
/// </summary>
internal sealed class WinAnnouncer(ISlackApiClient slack, WinService wins, StarLedger ledger, ILogger<WinAnnouncer> logger)
{
    public const string CelebrationReaction = "star";

    /// <summary>
    /// A win was recorded: the celebration reply (its ts is kept), the private note about stars that did not pay,
    /// then what the stars earned. Already recorded (a retry of this event, whose first attempt failed after paying,
    /// or a racing delivery): only what the stars earned and nobody was told yet.
    /// </summary>
    public async Task Recorded(string teamId, WinPostResult result, string posterId, string channelId, string messageTs, CancellationToken cancellationToken = default)
    {
        if (result is { Status: WinPostStatus.Recorded, Celebration: { } celebration })
        {
            await KeepPermalink(celebration.WinId, channelId, messageTs, cancellationToken);
            if (await Celebrate(celebration, cancellationToken) is { } replyTs)
            {
                await wins.SaveReply(celebration.WinId, replyTs, cancellationToken);
            }

            if (WinsBlocks.Unpaid(result.Skipped ?? [], result.PosterUnpaid) is { } note)
            {
                await TellPrivately(posterId, channelId, note, cancellationToken);
            }

            await ledger.AnnounceEarned(teamId, celebration.CreditedIds.Prepend(celebration.PosterId), cancellationToken: cancellationToken);
            return;
        }

        if (await wins.FindWin(teamId, channelId, messageTs, cancellationToken) is { DeletedAt: null } win)
        {
            if (win.Permalink is null)
            {
                // The first attempt stopped before it kept the link.
                await KeepPermalink(win.Id, channelId, messageTs, cancellationToken);
            }

            await ledger.AnnounceEarned(teamId, Receivers(win), cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// A win was edited: the reply is rewritten when the stars it names changed, the poster is told privately about
    /// colleagues they added who earned no star, then what newly credited people earned.
    /// </summary>
    public async Task Edited(Win before, WinEditResult edit, CancellationToken cancellationToken = default)
    {
        if (edit.CreditsChanged && await wins.CurrentReply(before.Id, cancellationToken) is { } reply)
        {
            await UpdateCelebration(reply.Says, reply.ReplyTs, cancellationToken);
        }

        if (WinsBlocks.Unpaid(edit.Unpaid ?? [], posterUnpaid: null, edited: true) is { } note)
        {
            await TellPrivately(before.PosterId, before.ChannelId, note, cancellationToken);
        }

        await ledger.AnnounceEarned(before.TeamId, Receivers(before).Concat(edit.Added), cancellationToken: cancellationToken);
    }

    /// <summary>Posts the celebration in the win's thread; returns the reply's ts (null when Slack refused it).</summary>
    public async Task<string?> Celebrate(WinCelebration celebration, CancellationToken cancellationToken = default)
    {
        string? replyTs = null;
        try
        {
            replyTs = (await slack.Chat.PostMessage(WinsBlocks.Celebration(celebration), cancellationToken)).Ts;
        }
        catch (SlackException ex)
        {
            WinsLog.CelebrationFailed(logger, celebration.WinId, ex.ErrorCode);
        }

        try
        {
            await slack.Reactions.AddToMessage(CelebrationReaction, celebration.ChannelId, celebration.MessageTs, cancellationToken);
        }
        catch (SlackException ex) when (ex.ErrorCode == "already_reacted")
        {
            // A redelivery or a person got there first: the star is on the message either way.
        }
        catch (SlackException ex)
        {
            WinsLog.CelebrationFailed(logger, celebration.WinId, ex.ErrorCode);
        }

        return string.IsNullOrEmpty(replyTs) ? null : replyTs;
    }

    /// <summary>Rewrites the celebration reply after an edit changed who is credited.</summary>
    public Task UpdateCelebration(WinCelebration celebration, string replyTs, CancellationToken cancellationToken = default) =>
        Update(WinsBlocks.CelebrationUpdate(celebration, replyTs), celebration.WinId, cancellationToken);

    /// <summary>Rewrites the celebration reply of a deleted win: its stars were returned.</summary>
    public Task MarkDeleted(long winId, string channelId, string replyTs, CancellationToken cancellationToken = default) =>
        Update(WinsBlocks.DeletedCelebration(channelId, replyTs), winId, cancellationToken);

    /// <summary>A message only <paramref name="userId"/> sees in <paramref name="channelId"/> (text must already be safe mrkdwn).</summary>
    public async Task TellPrivately(string userId, string channelId, string text, CancellationToken cancellationToken = default)
    {
        try
        {
            await slack.Chat.PostEphemeral(userId, new Message { Channel = channelId, Text = text }, cancellationToken);
        }
        catch (SlackException ex)
        {
            WinsLog.EphemeralFailed(logger, userId, channelId, ex.ErrorCode);
        }
    }

    private async Task Update(MessageUpdate update, long winId, CancellationToken cancellationToken)
    {
        try
        {
            await slack.Chat.Update(update, cancellationToken);
        }
        catch (SlackException ex)
        {
            // message_not_found: someone deleted the reply; channel_not_found / is_archived: nothing left to keep true.
            WinsLog.ReplyUpdateFailed(logger, winId, ex.ErrorCode);
        }
    }

    /// <summary>Asks Slack for the win's permalink and keeps it; a win whose link Slack refuses is kept without one.</summary>
    private async Task KeepPermalink(long winId, string channelId, string messageTs, CancellationToken cancellationToken)
    {
        if (await Permalink(channelId, messageTs, cancellationToken) is { } permalink)
        {
            await wins.SavePermalink(winId, permalink, cancellationToken);
        }
    }

    private async Task<string?> Permalink(string channelId, string messageTs, CancellationToken cancellationToken)
    {
        try
        {
            var response = await slack.Chat.GetPermalink(channelId, messageTs, cancellationToken);
            return string.IsNullOrEmpty(response.Permalink) ? null : response.Permalink;
        }
        catch (SlackException ex)
        {
            WinsLog.NoPermalink(logger, channelId, ex.ErrorCode);
            return null;
        }
    }

    private static IEnumerable<string> Receivers(Win win) => win.Credits.Select(c => c.UserId).Prepend(win.PosterId);
}
