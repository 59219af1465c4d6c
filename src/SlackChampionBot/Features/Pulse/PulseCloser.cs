using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// The one closing path (the tick at <c>ClosesAt</c>, and <c>/pulse close</c>):
/// <list type="number">
/// <item>one transaction (<see cref="PulseService.Close"/>) stops answers, freezes the results, deletes the
/// participation rows and destroys the survey's salt;</item>
/// <item>a WAL checkpoint (TRUNCATE) so the old pages holding keys and salt leave the WAL and are overwritten in the
/// main file (secure_delete zeroed them in the new pages);</item>
/// <item>the DM clean-up: each survey DM is updated to the neutral closed text, each reminder (which only people who had
/// not answered got) is deleted, and only then is its delivery row deleted. chat.update and chat.delete are Tier 3, so
/// 5,000 people cannot be one transaction: the clean-up is paced at <see cref="PulseOptions.CloseUpdatesPerMinute"/>,
/// works for at most <see cref="Slice"/> per run and resumes from the rows left on the next pulse tick (after a restart
/// too), and gives up on a DM after <see cref="MaxAttempts"/> failed tries;</item>
/// <item>when no delivery row is left, a last checkpoint (TRUNCATE), and <see cref="PulseSurvey.CleanedUpAt"/>.</item>
/// </list>
/// Between close and the end of the clean-up the delivery rows say only "this person got this DM (and a reminder)".
/// </summary>
internal sealed class PulseCloser(
    BotDbContext db,
    PulseService pulse,
    ISlackApiClient slack,
    PulseCleanUpGate gate,
    IOptions<PulseOptions> options,
    TimeProvider time,
    ILogger<PulseCloser> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>
    /// How long one run tidies before it hands back (the next pulse tick goes on), so that a clean-up of hours never
    /// holds one of the scheduler's two workers for long.
    /// </summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(50);

    private const int BatchSize = 100;

    private readonly PulsePacer _updates = new(time, options.Value.CloseUpdatesPerMinute);
    private readonly PulsePacer _deletes = new(time, options.Value.CloseUpdatesPerMinute);

    private enum Outcome
    {
        /// <summary>Updated or deleted, or there is nothing left to tidy (the message or DM is gone).</summary>
        Done,

        /// <summary>Failed this time (timeout, 5xx, an unexpected refusal): try again on a later run.</summary>
        Retry,

        /// <summary>Slack is not taking calls now (rate limited after the client's retries, or the token is refused): stop this run.</summary>
        Stop,
    }

    /// <summary>Closes the survey (if still open) and tidies its DMs. True when everything is done.</summary>
    public async Task<bool> CloseAndCleanUp(long surveyId, CancellationToken cancellationToken)
    {
        if (await pulse.Close(surveyId, cancellationToken))
        {
            await Checkpoint(cancellationToken);
        }

        return await CleanUp(surveyId, cancellationToken);
    }

    /// <summary>
    /// Tidies the DMs of a closed survey, then checkpoints and marks it cleaned up. False when something is left for a
    /// later run (or another run is at it).
    /// </summary>
    public async Task<bool> CleanUp(long surveyId, CancellationToken cancellationToken)
    {
        if (!await gate.TryEnter())
        {
            return false;
        }

        try
        {
            var survey = await db.Set<PulseSurvey>().AsNoTracking().SingleAsync(s => s.Id == surveyId, cancellationToken);
            if (survey.ClosedAt is null || survey.CleanedUpAt is not null)
            {
                return survey.CleanedUpAt is not null;
            }

            var lastId = 0L;
            var tidied = 0;
            var until = time.GetUtcNow() + Slice;
            while (true)
            {
                var batch = await db.Set<PulseDelivery>().AsNoTracking()
                    .Where(d => d.SurveyId == surveyId && d.Id > lastId)
                    .OrderBy(d => d.Id)
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var row in batch)
                {
                    if (time.GetUtcNow() >= until)
                    {
                        PulseLog.CleanUpPaused(logger, surveyId, tidied);
                        return false;
                    }

                    lastId = row.Id;
                    switch (await Tidy(row, cancellationToken))
                    {
                        case Outcome.Done:
                            await db.Set<PulseDelivery>().Where(d => d.Id == row.Id).ExecuteDeleteAsync(cancellationToken);
                            tidied++;
                            break;
                        case Outcome.Retry when row.CleanUpAttempts + 1 >= MaxAttempts:
                            PulseLog.CleanUpGaveUp(logger, surveyId, row.Id, MaxAttempts);
                            await db.Set<PulseDelivery>().Where(d => d.Id == row.Id).ExecuteDeleteAsync(cancellationToken);
                            break;
                        case Outcome.Retry:
                            await db.Set<PulseDelivery>().Where(d => d.Id == row.Id)
                                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CleanUpAttempts, d => d.CleanUpAttempts + 1), cancellationToken);
                            break;
                        case Outcome.Stop:
                            PulseLog.CleanUpPaused(logger, surveyId, tidied);
                            return false;
                    }
                }
            }

            var left = await db.Set<PulseDelivery>().CountAsync(d => d.SurveyId == surveyId, cancellationToken);
            if (left > 0)
            {
                PulseLog.CleanUpPaused(logger, surveyId, tidied);
                return false;
            }

            if (!await Checkpoint(cancellationToken))
            {
                return false; // Readers kept the WAL busy; the next tick tries again.
            }

            await db.Set<PulseSurvey>().Where(s => s.Id == surveyId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CleanedUpAt, time.GetUtcNow().UtcDateTime), cancellationToken);
            PulseLog.CleanUpFinished(logger, surveyId, tidied);
            return true;
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>
    /// <c>PRAGMA wal_checkpoint(TRUNCATE)</c>: copies every WAL frame into the main file (overwriting the pages that
    /// held deleted rows) and empties the WAL. False when a reader or writer kept it from completing.
    /// </summary>
    internal async Task<bool> Checkpoint(CancellationToken cancellationToken)
    {
        var done = await db.TruncateWal(cancellationToken);
        if (!done)
        {
            PulseLog.CheckpointBusy(logger);
        }

        return done;
    }

    /// <summary>The survey DM becomes the closed text (no buttons, nothing that depends on answers); the reminder goes.</summary>
    private async Task<Outcome> Tidy(PulseDelivery row, CancellationToken cancellationToken)
    {
        if (row.ChannelId is not { } channel)
        {
            return Outcome.Done;
        }

        var outcome = Outcome.Done;
        if (row.MessageTs is { } ts)
        {
            await _updates.Wait(cancellationToken);
            outcome = await Call(() => slack.Chat.Update(PulseBlocks.Closed(channel, ts), cancellationToken));
        }

        if (outcome == Outcome.Done && row.ReminderTs is { } reminderTs)
        {
            await _deletes.Wait(cancellationToken);
            outcome = await Call(() => slack.Chat.Delete(reminderTs, channel, cancellationToken));
        }

        return outcome;
    }

    private async Task<Outcome> Call(Func<Task> call)
    {
        try
        {
            await call();
            return Outcome.Done;
        }
        catch (SlackException ex) when (ex.ErrorCode is "message_not_found" or "channel_not_found" or "cant_update_message" or "cant_delete_message" or "is_archived" or "not_in_channel" or "user_not_found")
        {
            return Outcome.Done;
        }
        catch (SlackException ex) when (ex.ErrorCode is "ratelimited" or "not_authed" or "invalid_auth" or "token_revoked" or "token_expired" or "account_inactive" or "missing_scope")
        {
            PulseLog.CleanUpRefused(logger, ex.ApiMethod ?? "?", ex.ErrorCode);
            return Outcome.Stop;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PulseLog.CleanUpFailed(logger, ex is SlackException s ? s.ErrorCode : ex.GetType().Name);
            return Outcome.Retry;
        }
    }
}

/// <summary>One clean-up per process at a time (the tick and <c>/pulse close</c> may both start one).</summary>
internal sealed class PulseCleanUpGate : PulseGate;
