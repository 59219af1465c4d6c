using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Teams;

/// <summary>A feature's list of user groups to follow, read from its options when a sync runs.</summary>
internal sealed record UserGroupSource(Func<IServiceProvider, IEnumerable<string>> Groups);

/// <summary>
/// Copies the membership of every followed user group from Slack (usergroups.list + usergroups.users.list) into the
/// database, with the sync time. Runs at start-up (once Slack is connected) and daily. Idempotent: each run replaces
/// each group's members; a group Slack no longer knows is logged and keeps its last membership.
/// </summary>
internal sealed class UserGroupSync(
    IEnumerable<UserGroupSource> sources,
    IServiceProvider services,
    BotDbContext db,
    ISlackApiClient slack,
    SlackConnection connection,
    TimeProvider time,
    ILogger<UserGroupSync> logger) : IScheduledJob
{
    public async Task Run(CancellationToken cancellationToken)
    {
        var identity = await connection.WaitForIdentity(cancellationToken);
        var wanted = sources.SelectMany(s => s.Groups(services))
            .Where(g => !string.IsNullOrWhiteSpace(g))
            .Select(g => g.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var groups = await slack.UserGroups.List(includeDisabled: false, cancellationToken: cancellationToken);
        foreach (var reference in wanted)
        {
            var (id, handle) = UserGroupDirectory.Parse(reference);
            var group = groups.FirstOrDefault(g => g.Id == id || string.Equals(g.Handle, handle, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                TeamsLog.GroupNotFound(logger, reference);
                continue;
            }

            var members = await slack.UserGroupUsers.List(group.Id, cancellationToken: cancellationToken);
            await Replace(identity.TeamId, group, members, cancellationToken);
            TeamsLog.GroupSynced(logger, group.Handle ?? group.Id, members.Count);
        }
    }

    private async Task Replace(string teamId, UserGroup group, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var record = await db.Set<UserGroupRecord>().SingleOrDefaultAsync(g => g.TeamId == teamId && g.GroupId == group.Id, cancellationToken);
        if (record is null)
        {
            record = new UserGroupRecord { TeamId = teamId, GroupId = group.Id };
            db.Add(record);
        }

        record.Handle = group.Handle ?? group.Id;
        record.Name = group.Name ?? record.Handle;
        record.SyncedAt = now;

        await db.Set<UserGroupMember>().Where(m => m.TeamId == teamId && m.GroupId == group.Id).ExecuteDeleteAsync(cancellationToken);
        db.AddRange(members.Distinct().Select(u => new UserGroupMember { TeamId = teamId, GroupId = group.Id, UserId = u, SyncedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Runs the first sync as soon as Slack is connected, instead of waiting for the daily schedule.</summary>
internal sealed class UserGroupStartupSync(IServiceScopeFactory scopes, ILogger<UserGroupStartupSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserGroupSync>().Run(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            TeamsLog.StartupSyncFailed(logger, ex);
        }
    }
}

internal static partial class TeamsLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "User group {Group} synced: {Count} member(s)")]
    public static partial void GroupSynced(ILogger logger, string group, int count);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "User group {Group} is configured but Slack has no such (enabled) user group")]
    public static partial void GroupNotFound(ILogger logger, string group);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "The start-up user group sync failed; the daily sync will try again")]
    public static partial void StartupSyncFailed(ILogger logger, Exception exception);
}
