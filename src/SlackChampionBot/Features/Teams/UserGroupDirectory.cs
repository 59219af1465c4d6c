using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Teams;

/// <summary>A followed user group, resolved.</summary>
internal sealed record ResolvedGroup(string GroupId, string Handle, string Name);

/// <summary>
/// Membership of the user groups that configuration names, read from the database copy that
/// <see cref="UserGroupSync"/> keeps (synced at start-up and daily), never hard-coded.
/// A group can be named by ID (<c>S0123ABC</c>), by handle (<c>managers</c> or <c>@managers</c>), or as Slack
/// writes it in escaped text (<c>&lt;!subteam^S0123ABC|@managers&gt;</c>). A handle means the group it was resolved
/// to when the bot first met it (<see cref="UserGroupHandle"/>), and only an active group is found: a disabled or
/// deleted one has no members and counts for nothing.
/// </summary>
internal sealed class UserGroupDirectory(BotDbContext db)
{
    public async Task<ResolvedGroup?> Find(string teamId, string groupReference, CancellationToken cancellationToken = default) =>
        await Record(teamId, groupReference, cancellationToken) is { State: UserGroupState.Active } group
            ? new ResolvedGroup(group.GroupId, group.Handle, group.Name)
            : null;

    public async Task<IReadOnlyList<string>> Members(string teamId, string groupReference, CancellationToken cancellationToken = default)
    {
        var group = await Find(teamId, groupReference, cancellationToken);
        if (group is null)
        {
            return [];
        }

        return await db.Set<UserGroupMember>().AsNoTracking()
            .Where(m => m.TeamId == teamId && m.GroupId == group.GroupId)
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> IsMember(string teamId, string groupReference, string userId, CancellationToken cancellationToken = default)
    {
        var group = await Find(teamId, groupReference, cancellationToken);
        return group is not null && await IsListed(teamId, group.GroupId, userId, cancellationToken);
    }

    /// <summary>
    /// The stored row a reference points at, whatever its state: by ID, through the handle's resolution, or (for a
    /// handle not resolved yet, as in a database from before handles were recorded) the most recently synced active
    /// group with that handle. Null when the bot has never synced it.
    /// </summary>
    internal async Task<UserGroupRecord?> Record(string teamId, string groupReference, CancellationToken cancellationToken = default)
    {
        var (id, handle) = Parse(groupReference);
        var groups = db.Set<UserGroupRecord>().AsNoTracking().Where(g => g.TeamId == teamId);
        if (id is null && handle is not null)
        {
            var key = NormalizeHandle(handle);
            id = await db.Set<UserGroupHandle>().AsNoTracking()
                .Where(h => h.TeamId == teamId && h.Handle == key)
                .Select(h => h.GroupId)
                .FirstOrDefaultAsync(cancellationToken);
            if (id is null)
            {
                return await groups.Where(g => g.Handle == handle && g.State == UserGroupState.Active)
                    .OrderByDescending(g => g.SyncedAt)
                    .FirstOrDefaultAsync(cancellationToken);
            }
        }

        return id is null ? null : await groups.FirstOrDefaultAsync(g => g.GroupId == id, cancellationToken);
    }

    internal Task<bool> IsListed(string teamId, string groupId, string userId, CancellationToken cancellationToken) =>
        db.Set<UserGroupMember>().AnyAsync(m => m.TeamId == teamId && m.GroupId == groupId && m.UserId == userId, cancellationToken);

    /// <summary>Splits a reference into (ID, handle); one of them is what the database is searched by.</summary>
    internal static (string? Id, string? Handle) Parse(string reference)
    {
        var text = reference.Trim();
        if (text.StartsWith("<!subteam^", StringComparison.Ordinal) && text.EndsWith('>'))
        {
            var inner = text["<!subteam^".Length..^1];
            var bar = inner.IndexOf('|');
            return (bar < 0 ? inner : inner[..bar], bar < 0 ? null : inner[(bar + 1)..].TrimStart('@'));
        }

        if (text.Length > 1 && text[0] == 'S' && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
        {
            return (text, null);
        }

        return (null, text.TrimStart('@'));
    }

    /// <summary>Handles are unique in a workspace whatever their case.</summary>
    internal static string NormalizeHandle(string handle) => handle.Trim().TrimStart('@').ToLowerInvariant();
}
