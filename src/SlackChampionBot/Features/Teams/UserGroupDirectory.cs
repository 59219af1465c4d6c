using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Teams;

/// <summary>A followed user group, resolved.</summary>
internal sealed record ResolvedGroup(string GroupId, string Handle, string Name);

/// <summary>
/// Membership of the user groups that configuration names, read from the database copy that
/// <see cref="UserGroupSync"/> keeps (synced at start-up and daily), never hard-coded.
/// A group can be named by ID (<c>S0123ABC</c>), by handle (<c>managers</c> or <c>@managers</c>), or as Slack
/// writes it in escaped text (<c>&lt;!subteam^S0123ABC|@managers&gt;</c>).
/// </summary>
internal sealed class UserGroupDirectory(BotDbContext db)
{
    public async Task<ResolvedGroup?> Find(string teamId, string groupReference, CancellationToken cancellationToken = default)
    {
        var (id, handle) = Parse(groupReference);
        var group = await db.Set<UserGroupRecord>().AsNoTracking()
            .Where(g => g.TeamId == teamId && (g.GroupId == id || g.Handle == handle))
            .FirstOrDefaultAsync(cancellationToken);
        return group is null ? null : new ResolvedGroup(group.GroupId, group.Handle, group.Name);
    }

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
        return group is not null && await db.Set<UserGroupMember>()
            .AnyAsync(m => m.TeamId == teamId && m.GroupId == group.GroupId && m.UserId == userId, cancellationToken);
    }

    /// <summary>Every followed group the user belongs to.</summary>
    public async Task<IReadOnlyList<ResolvedGroup>> GroupsOf(string teamId, string userId, CancellationToken cancellationToken = default) =>
        await (from m in db.Set<UserGroupMember>().AsNoTracking()
               join g in db.Set<UserGroupRecord>().AsNoTracking() on new { m.TeamId, m.GroupId } equals new { g.TeamId, g.GroupId }
               where m.TeamId == teamId && m.UserId == userId
               select new ResolvedGroup(g.GroupId, g.Handle, g.Name)).ToListAsync(cancellationToken);

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
}
