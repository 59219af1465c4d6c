using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

/// <summary>On <c>Pulse:Cron</c>: opens a survey when one is due (every <c>EveryWeeks</c>), then runs a tick.</summary>
internal sealed class PulseScheduleJob(IOptions<PulseOptions> options, SlackConnection connection, PulseService pulse, PulseTickJob tick) : IScheduledJob
{
    public async Task Run(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || connection.Identity is not { } identity)
        {
            return;
        }

        await pulse.OpenIfDue(identity.TeamId, force: false, cancellationToken);
        await tick.Run(cancellationToken);
    }
}

/// <summary>
/// The pulse tick (every minute by default): the database says what is due, so a restart loses nothing. Opens a
/// survey when its opening day has begun somewhere, closes surveys past their end, resumes the clean-up of closed ones,
/// resolves audiences, sends each DM at its person's own hour, and each person's one reminder when due.
/// </summary>
internal sealed class PulseTickJob(
    IOptions<PulseOptions> options,
    SlackConnection connection,
    BotDbContext db,
    PulseService pulse,
    PulseAudience audience,
    PulseSender sender,
    PulseCloser closer,
    PulseFanOutGate gate,
    UserGroupSyncStatus groupSync,
    TimeProvider time) : IScheduledJob
{
    public async Task Run(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || connection.Identity is not { } identity)
        {
            return;
        }

        await Tick(identity, cancellationToken);
    }

    /// <summary>After <c>/pulse send-now</c> opened a survey: a tick now, not at the next minute.</summary>
    public async Task RunNow(CancellationToken cancellationToken)
    {
        var identity = await connection.WaitForIdentity(cancellationToken);
        await groupSync.WaitForFirstSync(cancellationToken);
        await Tick(identity, cancellationToken);
    }

    internal async Task Tick(BotIdentity identity, CancellationToken cancellationToken)
    {
        // A survey is prepared as soon as its opening day begins anywhere on Earth, so that it reaches everyone at
        // their own hour on that date (the database says whether one is due).
        await pulse.OpenIfDue(identity.TeamId, force: false, cancellationToken);

        // Closed surveys whose DMs are not all tidied yet (the clean-up is paced and resumes here).
        var closing = await db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == identity.TeamId && s.ClosedAt != null && s.CleanedUpAt == null)
            .OrderBy(s => s.Id)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var surveyId in closing)
        {
            await closer.CleanUp(surveyId, cancellationToken);
        }

        var open = await db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == identity.TeamId && s.ClosedAt == null)
            .OrderBy(s => s.Id)
            .ToListAsync(cancellationToken);

        foreach (var survey in open)
        {
            if (time.GetUtcNow().UtcDateTime >= survey.ClosesAt)
            {
                await closer.CloseAndCleanUp(survey.Id, cancellationToken);
                continue;
            }

            if (!await gate.TryEnter())
            {
                continue; // Another tick is fanning out; it will finish the work.
            }

            try
            {
                if (survey.AudienceResolvedAt is null)
                {
                    if (!groupSync.FirstSyncDone)
                    {
                        // The audience (a user group) and each recipient's team are frozen from the synced groups:
                        // before the first sync since start-up they may be missing or stale. The next tick resolves it.
                        continue;
                    }

                    var people = await audience.Resolve(identity.TeamId, identity.BotUserId, cancellationToken);
                    await pulse.RecordAudience(survey, people, cancellationToken);
                }

                await sender.SendPending(survey, cancellationToken);
                if (survey.RemindedAt is null && time.GetUtcNow().UtcDateTime >= survey.RemindAt)
                {
                    await sender.SendReminders(survey, cancellationToken);
                }
            }
            finally
            {
                gate.Exit();
            }
        }
    }
}

/// <summary>A try-lock for one kind of long pulse work, so an overlapping tick skips it instead of doing it twice.</summary>
internal abstract class PulseGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public Task<bool> TryEnter() => _semaphore.WaitAsync(TimeSpan.Zero);

    public void Exit() => _semaphore.Release();
}

/// <summary>One fan-out per process at a time (the delivery claims keep several processes apart).</summary>
internal sealed class PulseFanOutGate : PulseGate;
