using System.Linq.Expressions;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// Work that a slash command, a modal or start-up hands off because it must not wait for it (Slack wants an answer
/// within 3 seconds): an export, a nomination's notices, a pulse close. Each is a Hangfire job, so it is on the
/// dashboard beside the recurring ones, and on PostgreSQL it survives a restart (on SQLite Hangfire keeps its queue in
/// memory, so a restart loses what was waiting, and the person who asked is told the work is on its way).
/// <para>
/// The call names a method of a service registered in the container; Hangfire stores its arguments as JSON until an
/// hour after the job ends (<see cref="BotJobFilters"/>), so pass ids, dates and numbers, never message text or an
/// answer. A <see cref="CancellationToken"/> argument is replaced with the server's, cancelled at shutdown.
/// </para>
/// </summary>
internal interface IBackgroundJobs
{
    void Enqueue<TService>(Expression<Func<TService, Task>> call)
        where TService : notnull;
}

internal sealed class HangfireBackgroundJobs(IBackgroundJobClient client) : IBackgroundJobs
{
    public void Enqueue<TService>(Expression<Func<TService, Task>> call)
        where TService : notnull =>
        client.Enqueue(call);
}

/// <summary>A one-off job enqueued once each time the host starts (a catch-up of what a stop may have missed).</summary>
internal sealed record StartupJob(Action<IBackgroundJobs> Enqueue);

/// <summary>
/// The one place that says how the bot's jobs fail. A recurring job (<see cref="IScheduledJob.Run"/> of a registered
/// <see cref="RecurringJobDefinition"/>) keeps Hangfire's retries, on top of its next occurrence. Every other job, one
/// handed off through <see cref="IBackgroundJobs"/>, runs once: a failure is logged with the job's name and the job is
/// deleted (no retry, so an export or a DM is not sent twice and a failing one does not wait in the failed list with
/// someone's user id in its arguments); the person was told, where the work answers in a DM, and can ask again. A
/// one-off job's record, arguments included, is kept for an hour after it ends, then Hangfire removes it.
/// <para>
/// Registered in the container, so the client, the recurring manager and the server of this host all read it; it adds
/// to Hangfire's global filters, whose attributes still apply.
/// </para>
/// </summary>
internal sealed class BotJobFilters : IJobFilterProvider
{
    public static readonly TimeSpan OneOffRecordKeptFor = TimeSpan.FromHours(1);

    private readonly JobFilterProviderCollection _all;

    public BotJobFilters(IEnumerable<RecurringJobDefinition> recurring, ILoggerFactory loggers) =>
        _all = new JobFilterProviderCollection(
            JobFilterProviders.Providers,
            new OneOffJobs([.. recurring.Select(d => d.JobType)], loggers.CreateLogger<BotJobFilters>()));

    public IEnumerable<JobFilter> GetFilters(Job job) => _all.GetFilters(job);

    /// <summary>Whether <paramref name="job"/> is a recurring job's run (rather than work handed off once).</summary>
    private static bool IsRecurring(HashSet<Type> recurring, Job job) =>
        job.Type is { } type && recurring.Contains(type) && job.Method.Name == nameof(IScheduledJob.Run);

    private sealed class OneOffJobs(HashSet<Type> recurring, ILogger logger) : IJobFilterProvider
    {
        // Method scope: replaces the global AutomaticRetry (10 attempts) for these jobs; its own log is ours instead.
        private readonly JobFilter[] _filters =
        [
            new(new AutomaticRetryAttribute { Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false }, JobFilterScope.Method, null),
            new(new FailureLog(logger), JobFilterScope.Method, null),
            new(new ShortRecord(), JobFilterScope.Method, null),
        ];

        public IEnumerable<JobFilter> GetFilters(Job job) => job is null || IsRecurring(recurring, job) ? [] : _filters;
    }

    private sealed class FailureLog(ILogger logger) : IServerFilter
    {
        public void OnPerforming(PerformingContext context)
        {
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context.Exception is { } exception && !context.ExceptionHandled && !context.Canceled
                && !(exception is OperationCanceledException && context.CancellationToken.ShutdownToken.IsCancellationRequested))
            {
                var job = context.BackgroundJob.Job;
                var cause = exception is JobPerformanceException { InnerException: { } inner } ? inner : exception; // Hangfire's wrapper
                SchedulingLog.JobFailed(logger, $"{job.Type.Name}.{job.Method.Name}", context.BackgroundJob.Id, cause);
            }
        }
    }

    private sealed class ShortRecord : IApplyStateFilter
    {
        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) =>
            context.JobExpirationTimeout = OneOffRecordKeptFor;

        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
        }
    }
}

/// <summary>
/// Hangfire's log goes to this host's loggers, as Hangfire.AspNetCore's provider does, but a logger asked for after
/// the host's logger factory is disposed is silent instead of throwing. Hangfire holds one provider for the whole
/// process: where several hosts run in one (the tests), it can outlive the host that set it, and a Hangfire type built
/// then (a job client, a worker's state changer) would otherwise fail to construct.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggers) : Hangfire.Logging.ILogProvider
{
    private readonly Hangfire.Logging.ILogProvider _inner = new AspNetCoreLogProvider(loggers);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return new Guarded(_inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Guarded(Hangfire.Logging.ILog inner) : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.Log(logLevel, messageFunc!, exception!);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
