namespace SlackChampionBot.Scheduling;

/// <summary>
/// A recurring job. Implementations live in their feature folder, reference no Hangfire type, and are idempotent:
/// the database, not the scheduler, says what has already been done.
/// </summary>
internal interface IScheduledJob
{
    Task Run(CancellationToken cancellationToken);
}

/// <summary>A recurring job and where its cron comes from (read when the host starts, after options are validated).</summary>
internal sealed record RecurringJobDefinition(string Id, Type JobType, Func<IServiceProvider, string> Cron);
