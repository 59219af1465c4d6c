using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Teams;

/// <summary>
/// Writes the database copy of followed user groups: the daily sync and a role's live re-check both go through it,
/// so a group's row, its state and its members always change together, in one transaction.
/// </summary>
internal sealed class UserGroupStore(BotDbContext db, TimeProvider time)
{
    /// <summary>The group is active with exactly these members, as of now.</summary>
    public Task ReplaceMembers(string teamId, string groupId, string? handle, string? name, IReadOnlyCollection<string> members, CancellationToken cancellationToken) =>
        Write(teamId, groupId, handle, name, UserGroupState.Active, members, cancellationToken);

    /// <summary>The group is disabled or gone: it keeps its row (so a handle stays resolved to it) and loses its members.</summary>
    public Task MarkGone(string teamId, string groupId, UserGroupState state, CancellationToken cancellationToken) =>
        Write(teamId, groupId, handle: null, name: null, state, [], cancellationToken);

    /// <summary>The group a configured handle was resolved to, if it ever was.</summary>
    public Task<string?> ResolvedGroupId(string teamId, string handle, CancellationToken cancellationToken)
    {
        var key = UserGroupDirectory.NormalizeHandle(handle);
        return db.Set<UserGroupHandle>().AsNoTracking()
            .Where(h => h.TeamId == teamId && h.Handle == key)
            .Select(h => h.GroupId)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records that <paramref name="handle"/> means <paramref name="groupId"/> from now on.</summary>
    public async Task RememberHandle(string teamId, string handle, string groupId, CancellationToken cancellationToken)
    {
        db.Add(new UserGroupHandle { TeamId = teamId, Handle = UserGroupDirectory.NormalizeHandle(handle), GroupId = groupId, ResolvedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task Write(string teamId, string groupId, string? handle, string? name, UserGroupState state, IReadOnlyCollection<string> members, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var record = await db.Set<UserGroupRecord>().SingleOrDefaultAsync(g => g.TeamId == teamId && g.GroupId == groupId, cancellationToken);
        if (record is null)
        {
            record = new UserGroupRecord { TeamId = teamId, GroupId = groupId, Handle = groupId, Name = groupId };
            db.Add(record);
        }

        record.Handle = handle ?? record.Handle;
        record.Name = name ?? record.Name;
        record.State = state;
        record.SyncedAt = now;

        await db.Set<UserGroupMember>().Where(m => m.TeamId == teamId && m.GroupId == groupId).ExecuteDeleteAsync(cancellationToken);
        db.AddRange(members.Distinct().Select(u => new UserGroupMember { TeamId = teamId, GroupId = groupId, UserId = u, SyncedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
