using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// The DM fan-out and the one reminder, resumable and paced. Each delivery is recorded before and after each call:
/// <list type="bullet">
/// <item><c>Pending → Opening</c> claims the row (a conditional update, so two senders never take the same person);
/// nothing is sent before it: chat.postMessage to the user id opens the DM itself;</item>
/// <item><c>Opening → Posting</c> is written just before chat.postMessage; a row left in <c>Posting</c> by a crash may
/// have been delivered, so it is <b>never sent again</b> (the reminder, which repeats the questions, still reaches it);</item>
/// <item><c>Posting → Sent</c> with the message ts after Slack answered.</item>
/// </list>
/// Slack's <c>ratelimited</c> (the client already waited out Retry-After and gave up) and other clear refusals mean
/// nothing was posted: a rate-limited row goes back to <c>Pending</c> after a pause, a refused one to <c>Failed</c>.
/// At most <see cref="PulseOptions.SendConcurrency"/> DMs are in flight. The pace is the Web API client's: chat.postMessage's
/// workspace-wide limit, which slows on a 429 (after waiting out its Retry-After) and creeps back; an own bound,
/// <see cref="PulseOptions.DmsPerMinute"/>, only when configured.
/// </summary>
internal sealed class PulseSender(
    BotDbContext db,
    ISlackApiClient slack,
    PulseService pulse,
    IOptions<PulseOptions> options,
    TimeProvider time,
    ILogger<PulseSender> logger)
{
    /// <summary>A row claimed longer ago than this belongs to a sender that died before posting: safe to retry.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long to pause after the client gave up on a rate-limited call.</summary>
    public static readonly TimeSpan RateLimitPause = TimeSpan.FromSeconds(30);

    private const int BatchSize = 200;

    private readonly SemaphoreSlim _dbGate = new(1, 1);
    private readonly PulsePacer _pacer = new(time, options.Value.DmsPerMinute);

    /// <summary>
    /// Sends the survey DM to every pending recipient whose own send time has come (the rest wait for a later tick).
    /// Returns how many were sent by this call.
    /// </summary>
    public async Task<int> SendPending(PulseSurvey survey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - ClaimTimeout;
        await db.Set<PulseDelivery>()
            .Where(d => d.SurveyId == survey.Id && d.State == PulseDeliveryState.Opening && d.ClaimedAt < staleBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, PulseDeliveryState.Pending), cancellationToken);

        var view = PulseSurveyView.From(survey);
        var sent = 0;
        var lastId = 0L;
        while (true)
        {
            var batch = await db.Set<PulseDelivery>().AsNoTracking()
                .Where(d => d.SurveyId == survey.Id && d.State == PulseDeliveryState.Pending && d.Id > lastId && (d.SendAt == null || d.SendAt <= now))
                .OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.UserId, d.ChannelId, d.ClosesAt })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                // Rows put back after a rate limit are picked up again from the start.
                if (lastId == 0 || !await AnyPending(survey.Id, now, cancellationToken))
                {
                    break;
                }

                lastId = 0;
                continue;
            }

            lastId = batch[^1].Id;
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendConcurrency, CancellationToken = cancellationToken },
                async (row, ct) =>
                {
                    if (await SendOne(view with { ClosesAt = row.ClosesAt ?? view.ClosesAt }, row.Id, row.UserId, row.ChannelId, ct))
                    {
                        Interlocked.Increment(ref sent);
                    }
                });
        }

        PulseLog.FanOutFinished(logger, survey.Id, sent);
        return sent;
    }

    /// <summary>
    /// Sends the one reminder to every recipient without a participation row whose own reminder time has come (and
    /// whose window has not ended). Marks the survey reminded once every recipient's reminder time has passed.
    /// </summary>
    public async Task<int> SendReminders(PulseSurvey survey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var view = PulseSurveyView.From(survey);
        var answered = (await db.Set<PulseParticipation>().AsNoTracking().Where(p => p.SurveyId == survey.Id).Select(p => p.Key).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var keys = pulse.KeysOf(survey);
        var candidates = await db.Set<PulseDelivery>().AsNoTracking()
            .Where(d => d.SurveyId == survey.Id && d.ReminderState == PulseDeliveryState.Pending
                && (d.State == PulseDeliveryState.Sent || d.State == PulseDeliveryState.Posting)
                && (d.RemindAt == null || d.RemindAt <= now) && (d.ClosesAt == null || now < d.ClosesAt))
            .Select(d => new { d.Id, d.UserId, d.ChannelId, d.ClosesAt })
            .ToListAsync(cancellationToken);
        var due = candidates.Where(c => keys.Of(c.UserId) is not { } key || !answered.Contains(key)).ToList();

        var sent = 0;
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendConcurrency, CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                // A DM whose outcome is unknown (Posting) has no channel yet: the user id reaches the same DM.
                if (await RemindOne(view with { ClosesAt = row.ClosesAt ?? view.ClosesAt }, row.Id, row.ChannelId ?? row.UserId, ct))
                {
                    Interlocked.Increment(ref sent);
                }
            });

        // Done once no recipient's reminder time is still ahead (an unsent DM's too: it may still go and be reminded).
        if (!await db.Set<PulseDelivery>().AnyAsync(d => d.SurveyId == survey.Id && d.RemindAt > now, cancellationToken))
        {
            await db.Set<PulseSurvey>().Where(s => s.Id == survey.Id && s.RemindedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RemindedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        }

        if (sent > 0)
        {
            PulseLog.RemindersSent(logger, survey.Id, sent);
        }

        return sent;
    }

    private async Task<bool> SendOne(PulseSurveyView view, long deliveryId, string userId, string? knownChannel, CancellationToken cancellationToken)
    {
        await _pacer.Wait(cancellationToken);
        var claimed = await Db(ct => db.Set<PulseDelivery>()
            .Where(d => d.Id == deliveryId && d.State == PulseDeliveryState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, PulseDeliveryState.Opening).SetProperty(d => d.ClaimedAt, time.GetUtcNow().UtcDateTime), ct), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        // chat.postMessage to the user id opens the DM itself (no conversations.open, a Tier 3 call per person); Slack
        // answers with the DM's channel, kept with the ts for the progress updates, the reminder and the close.
        var target = knownChannel ?? userId;
        if (await SetState(deliveryId, PulseDeliveryState.Posting, knownChannel, null, cancellationToken) == 0)
        {
            return false; // The survey closed meanwhile and its row went: nothing to send.
        }

        PostMessageResponse response;
        try
        {
            response = await slack.Chat.PostMessage(PulseBlocks.SurveyMessage(target, view, reminder: false), cancellationToken);
        }
        catch (SlackException ex) when (IsNotPosted(ex))
        {
            await Settle(deliveryId, ex, cancellationToken);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A timeout or 5xx: the DM may exist. The row stays in Posting and is never sent again.
            PulseLog.DeliveryUncertain(logger, deliveryId, ex.GetType().Name);
            return false;
        }

        await SetState(deliveryId, PulseDeliveryState.Sent, string.IsNullOrEmpty(response.Channel) ? knownChannel : response.Channel, response.Ts, cancellationToken);
        return true;
    }

    private async Task<bool> RemindOne(PulseSurveyView view, long deliveryId, string channel, CancellationToken cancellationToken)
    {
        await _pacer.Wait(cancellationToken);
        var claimed = await Db(ct => db.Set<PulseDelivery>()
            .Where(d => d.Id == deliveryId && d.ReminderState == PulseDeliveryState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReminderState, PulseDeliveryState.Posting), ct), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        PostMessageResponse response;
        try
        {
            response = await slack.Chat.PostMessage(PulseBlocks.SurveyMessage(channel, view, reminder: true), cancellationToken);
        }
        catch (SlackException ex) when (ex.ErrorCode == "ratelimited")
        {
            await Db(ct => db.Set<PulseDelivery>().Where(d => d.Id == deliveryId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReminderState, PulseDeliveryState.Pending), ct), cancellationToken);
            await Task.Delay(RateLimitPause, time, cancellationToken);
            return await RemindOne(view, deliveryId, channel, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One reminder only: a failed or uncertain reminder is not tried again.
            PulseLog.ReminderFailed(logger, deliveryId, ex.GetType().Name);
            return false;
        }

        // The reminder's ts, so that the clean-up after close can delete it (it went only to people who had not answered).
        var dm = string.IsNullOrEmpty(response.Channel) ? channel : response.Channel;
        await Db(ct => db.Set<PulseDelivery>().Where(d => d.Id == deliveryId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReminderState, PulseDeliveryState.Sent).SetProperty(d => d.ReminderTs, response.Ts).SetProperty(d => d.ChannelId, dm), ct), cancellationToken);
        return true;
    }

    /// <summary>Slack answered: nothing was posted. Rate limits go back in the queue after a pause; refusals fail for good.</summary>
    private async Task Settle(long deliveryId, SlackException ex, CancellationToken cancellationToken)
    {
        if (ex.ErrorCode == "ratelimited")
        {
            PulseLog.RateLimited(logger, deliveryId, ex.ApiMethod ?? "?");
            await SetState(deliveryId, PulseDeliveryState.Pending, null, null, cancellationToken, keepChannel: true);
            await Task.Delay(RateLimitPause, time, cancellationToken);
            return;
        }

        if (ex.ErrorCode is "timeout" || ex.ErrorCode.StartsWith("http_", StringComparison.Ordinal))
        {
            // Failed without posting anything: retry later.
            await SetState(deliveryId, PulseDeliveryState.Pending, null, null, cancellationToken, keepChannel: true);
            return;
        }

        PulseLog.DeliveryFailed(logger, deliveryId, ex.ErrorCode);
        await SetState(deliveryId, PulseDeliveryState.Failed, null, null, cancellationToken, keepChannel: true);
    }

    /// <summary>An ok:false answer (Slack refused) or a 429: Slack did not post. Timeouts and 5xx are not this.</summary>
    private static bool IsNotPosted(SlackException ex) =>
        ex.ErrorCode != "timeout" && !ex.ErrorCode.StartsWith("http_", StringComparison.Ordinal) && ex.ErrorCode != "invalid_response";

    private Task<int> SetState(long deliveryId, PulseDeliveryState state, string? channel, string? ts, CancellationToken cancellationToken, bool keepChannel = false) =>
        Db(ct => keepChannel
            ? db.Set<PulseDelivery>().Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, state), ct)
            : db.Set<PulseDelivery>().Where(d => d.Id == deliveryId).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.State, state).SetProperty(d => d.ChannelId, channel).SetProperty(d => d.MessageTs, ts), ct), cancellationToken);

    private Task<bool> AnyPending(long surveyId, DateTime now, CancellationToken cancellationToken) =>
        db.Set<PulseDelivery>().AnyAsync(d => d.SurveyId == surveyId && d.State == PulseDeliveryState.Pending && (d.SendAt == null || d.SendAt <= now), cancellationToken);

    private async Task<T> Db<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        await _dbGate.WaitAsync(cancellationToken);
        try
        {
            return await action(cancellationToken);
        }
        finally
        {
            _dbGate.Release();
        }
    }
}
