namespace SlackChampionBot.Scheduling;

/// <summary>
/// A recurring job. Implementations live in their feature folder, reference no Hangfire type, and are idempotent:
/// the database, not the scheduler, says what has already been done.
/// </summary>
internal interface IScheduledJob
{
    Task Run(CancellationToken cancellationToken);
}

/// <summary>
/// A recurring job and where its cron comes from (read when the host starts, after options are validated);
/// <paramref name="RunAtStartup"/>: also run once as the host starts (work a stop may have left unfinished).
/// </summary>
internal sealed record RecurringJobDefinition(string Id, Type JobType, Func<IServiceProvider, string> Cron, bool RunAtStartup = false);
