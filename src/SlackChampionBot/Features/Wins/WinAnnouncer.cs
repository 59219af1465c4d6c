using SlackChampionBot.Features.Stars;

namespace SlackChampionBot.Features.Wins;

/// <summary>
/// Says things about wins in Slack, in this order: the celebration (thread reply + reaction), then what the stars
/// earned (milestone titles, through <see cref="StarLedger.AnnounceEarned"/>); keeps the reply true after an edit or a
/// deletion (chat.update); private notes. A reply that Slack refused or whose outcome is unknown is logged, never
/// retried: the stars are what counts, and a repeated reply would be worse than a missing one; only a reply the client
/// gave up on before sending it (at a stop) is sent by the next run of the event. What the stars earned is retried with
/// the event (its failure propagates).
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
            await Celebrate(celebration, cancellationToken);
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

            if (win.Celebration != CelebrationState.Done)
            {
                // The first attempt stopped before the celebration was finished (a stop gave up on a call waiting for
                // its turn): the reply if it was never sent, the reaction either way.
                await Celebrate(await wins.CelebrationNow(win, cancellationToken), cancellationToken);
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

    /// <summary>
    /// The celebration, once, tracked in <see cref="Win.Celebration"/>: the reply in the win's thread is claimed
    /// (Pending → Replied) before it is sent, so no run ever sends it twice; a call that a stop gave up on while it
    /// waited for its turn sent nothing, so the claim goes back and the next run of the event posts it. Then the star
    /// reaction, which is safe to repeat (Slack answers already_reacted), and the celebration is done.
    /// </summary>
    public async Task Celebrate(WinCelebration celebration, CancellationToken cancellationToken = default)
    {
        string? replyTs = null;
        if (await wins.MoveCelebration(celebration.WinId, CelebrationState.Pending, CelebrationState.Replied, cancellationToken))
        {
            try
            {
                replyTs = (await slack.Chat.PostMessage(WinsBlocks.Celebration(celebration), cancellationToken)).Ts;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not our token: the client gave up at a stop before sending (waits give up, sends do not).
                await wins.MoveCelebration(celebration.WinId, CelebrationState.Replied, CelebrationState.Pending, CancellationToken.None);
                throw;
            }
            catch (SlackException ex)
            {
                WinsLog.CelebrationFailed(logger, celebration.WinId, ex.ErrorCode);
            }

            if (!string.IsNullOrEmpty(replyTs))
            {
                await wins.SaveReply(celebration.WinId, replyTs, CancellationToken.None);
            }
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

        await wins.MoveCelebration(celebration.WinId, CelebrationState.Replied, CelebrationState.Done, CancellationToken.None);
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
