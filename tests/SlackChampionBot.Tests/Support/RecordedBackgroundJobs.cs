using System.Collections.Concurrent;
using System.Linq.Expressions;
using Hangfire.Common;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Tests.Support;

/// <summary>
/// <see cref="IBackgroundJobs"/> for the test beds that run without a Hangfire server: each job is kept as Hangfire
/// stores it (the call serialized to its invocation data, arguments as JSON), and runs when the test says, each in its
/// own scope, from what was stored, so an argument that does not survive storage fails here as it would in the host.
/// </summary>
internal sealed class RecordedBackgroundJobs(IServiceScopeFactory scopes) : IBackgroundJobs
{
    private readonly ConcurrentQueue<InvocationData> _queue = new();

    public void Enqueue<TService>(Expression<Func<TService, Task>> call)
        where TService : notnull =>
        _queue.Enqueue(InvocationData.SerializeJob(Job.FromExpression(call)));

    /// <summary>The jobs waiting, in order, as they come back from storage.</summary>
    public IReadOnlyList<Job> Waiting => [.. _queue.Select(data => data.DeserializeJob())];

    /// <summary>Runs what is waiting, in order, until nothing is (a job may enqueue another).</summary>
    public async Task RunAll()
    {
        while (_queue.TryDequeue(out var data))
        {
            var job = data.DeserializeJob();
            await using var scope = scopes.CreateAsyncScope();
            var target = scope.ServiceProvider.GetRequiredService(job.Type);
            var parameters = job.Method.GetParameters();
            var arguments = job.Args.Select((value, i) => parameters[i].ParameterType == typeof(CancellationToken) ? CancellationToken.None : value).ToArray();
            await (Task)job.Method.Invoke(target, arguments)!;
        }
    }

    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<RecordedBackgroundJobs>();
        services.AddSingleton<IBackgroundJobs>(sp => sp.GetRequiredService<RecordedBackgroundJobs>());
    }
}
