using System.Globalization;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Teams;

/// <summary>A feature's list of user groups to follow, read from its options when a sync runs.</summary>
internal sealed record UserGroupSource(Func<IServiceProvider, IEnumerable<string>> Groups);

/// <summary>
/// Copies the membership of every followed user group from Slack (usergroups.list with disabled groups, then
/// usergroups.users.list) into the database, with the sync time. Runs at start-up (once Slack is connected) and daily.
/// Groups are followed by ID: a configured handle is resolved once, to the enabled group that has it, and that group
/// is followed from then on. A group Slack lists as disabled, or no longer lists, loses its members (it grants
/// nothing) and keeps its row, so its handle is not handed to whichever group takes it next.
/// Idempotent: each run replaces each group's members.
/// </summary>
internal sealed class UserGroupSync(
    IEnumerable<UserGroupSource> sources,
    IServiceProvider services,
    UserGroupStore store,
    ISlackApiClient slack,
    SlackConnection connection,
    UserGroupSyncStatus status,
    TimeProvider time,
    ILogger<UserGroupSync> logger) : IScheduledJob
{
    public async Task Run(CancellationToken cancellationToken)
    {
        var identity = await connection.WaitForIdentity(cancellationToken);

        // One run at a time (start-up, daily, a test's own): two overlapping runs could otherwise store what the
        // earlier one read from Slack after what the later one read, and a group would lose members until the next run.
        using var turn = await status.TakeTurn(cancellationToken);
        var wanted = sources.SelectMany(s => s.Groups(services))
            .Where(g => !string.IsNullOrWhiteSpace(g))
            .Select(g => g.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (wanted.Count > 0)
        {
            var groups = await slack.UserGroups.List(includeDisabled: true, cancellationToken: cancellationToken);
            foreach (var reference in wanted)
            {
                await Sync(identity.TeamId, reference, groups, cancellationToken);
            }
        }

        status.MarkSynced(time.GetUtcNow());
    }

    private async Task Sync(string teamId, string reference, IReadOnlyList<UserGroup> groups, CancellationToken cancellationToken)
    {
        var groupId = await Resolve(teamId, reference, groups, cancellationToken);
        if (groupId is null)
        {
            TeamsLog.GroupNotFound(logger, reference);
            return;
        }

        var group = groups.FirstOrDefault(g => g.Id == groupId);
        if (group is null || group.DateDelete > 0)
        {
            var state = group is null ? UserGroupState.Gone : UserGroupState.Disabled;
            await store.MarkGone(teamId, groupId, state, cancellationToken);
            var (_, handle) = UserGroupDirectory.Parse(reference);
            var successor = handle is null ? null : EnabledWithHandle(groups, handle);
            TeamsLog.GroupGone(logger, reference, groupId, state == UserGroupState.Gone ? "deleted" : "disabled", successor is null || successor.Id == groupId ? string.Empty : $" Another group ({successor.Id}) now has that handle; to follow it, configure its ID instead of the handle.");
            return;
        }

        var members = await slack.UserGroupUsers.List(group.Id, cancellationToken: cancellationToken);
        var groupHandle = group.Handle ?? group.Id;
        await store.ReplaceMembers(teamId, group.Id, groupHandle, group.Name ?? groupHandle, members, cancellationToken);
        TeamsLog.GroupSynced(logger, groupHandle, members.Count);
    }

    /// <summary>The ID a reference follows: the ID itself, or the group its handle was resolved to (resolving it now, once).</summary>
    private async Task<string?> Resolve(string teamId, string reference, IReadOnlyList<UserGroup> groups, CancellationToken cancellationToken)
    {
        var (id, handle) = UserGroupDirectory.Parse(reference);
        if (id is not null || handle is null)
        {
            return id;
        }

        if (await store.ResolvedGroupId(teamId, handle, cancellationToken) is { } resolved)
        {
            return resolved;
        }

        if (EnabledWithHandle(groups, handle) is not { } group)
        {
            return null;
        }

        await store.RememberHandle(teamId, handle, group.Id, cancellationToken);
        TeamsLog.HandleResolved(logger, handle, group.Id);
        return group.Id;
    }

    private static UserGroup? EnabledWithHandle(IReadOnlyList<UserGroup> groups, string handle) =>
        groups.FirstOrDefault(g => g.DateDelete is null or 0 && string.Equals(g.Handle, handle.TrimStart('@'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Whether the followed groups have been synced since the process started; <c>/readyz</c> waits for it.</summary>
internal sealed class UserGroupSyncStatus
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private DateTimeOffset? _syncedAt;
    private string? _lastError;

    public bool FirstSyncDone
    {
        get
        {
            lock (_lock)
            {
                return _syncedAt is not null;
            }
        }
    }

    public string Description
    {
        get
        {
            lock (_lock)
            {
                return _syncedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"user groups synced at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z")
                    : _lastError is { } error ? $"waiting for the first user group sync (roles and teams): {error}"
                    : "waiting for the first user group sync (roles and teams)";
            }
        }
    }

    public void MarkSynced(DateTimeOffset at)
    {
        lock (_lock)
        {
            _syncedAt = at;
            _lastError = null;
        }

        _firstSync.TrySetResult();
    }

    /// <summary>Completes once the first sync since start-up is done (what is frozen from the groups must wait for it).</summary>
    public Task WaitForFirstSync(CancellationToken cancellationToken) => _firstSync.Task.WaitAsync(cancellationToken);

    /// <summary>Waits until no other sync runs; disposing the result lets the next one in.</summary>
    public Task<IDisposable> TakeTurn(CancellationToken cancellationToken) => _turn.TakeTurn(cancellationToken);

    public void MarkFailed(string error)
    {
        lock (_lock)
        {
            _lastError = error;
        }
    }
}

/// <summary>
/// Runs the first sync as soon as Slack is connected, instead of waiting for the daily schedule, and retries with
/// backoff until it succeeds: until then roles would be answered from no data (or last run's), so the bot is not ready.
/// <para>
/// The one background service that is not a Hangfire job, on purpose: it is this process's readiness, not shared
/// work. On PostgreSQL a Hangfire job may run on another instance, which would leave this one's <c>/readyz</c> waiting
/// for a day; and Hangfire's retries (ten, minutes apart, then none) are not "every 5 s to 5 min until it works". The
/// daily sync is the recurring job <see cref="TeamsFeature.SyncJobId"/>.
/// </para>
/// </summary>
internal sealed class UserGroupStartupSync(IServiceScopeFactory scopes, UserGroupSyncStatus status, TimeProvider time, ILogger<UserGroupStartupSync> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        while (!status.FirstSyncDone)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<UserGroupSync>().Run(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var reason = ex is SlackException slackError ? slackError.ErrorCode : ex.GetType().Name;
                status.MarkFailed($"the last attempt failed ({reason}); retrying in {delay.TotalSeconds:0} s");
                TeamsLog.StartupSyncFailed(logger, delay.TotalSeconds, ex);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
        }
    }
}
