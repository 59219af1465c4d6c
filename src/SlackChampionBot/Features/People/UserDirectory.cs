using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.People;

/// <summary>
/// Looks Slack users up through a database cache: a fresh row (younger than <see cref="MaxAge"/>) is used as it is,
/// an old or missing one is refreshed with users.info. When Slack cannot be reached, a stale row is better than
/// nothing and is used; with no row at all the error surfaces.
/// </summary>
internal sealed class UserDirectory(BotDbContext db, ISlackApiClient slack, TimeProvider time, ILogger<UserDirectory> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>SQLite allows a limited number of parameters in one statement; IN lists are sent in chunks of this.</summary>
    private const int QueryChunk = 500;

    /// <summary>The user, or null when Slack says there is no such user.</summary>
    public async Task<SlackUser?> Get(string teamId, string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cached = await db.Set<SlackUser>().SingleOrDefaultAsync(u => u.TeamId == teamId && u.UserId == userId, cancellationToken);
        if (cached is not null && now - cached.FetchedAt < MaxAge)
        {
            return cached;
        }

        User fetched;
        try
        {
            fetched = await slack.Users.Info(userId, cancellationToken: cancellationToken);
        }
        catch (SlackException ex) when (ex.ErrorCode is "user_not_found" or "users_not_found")
        {
            return null;
        }
        catch (Exception ex) when (cached is not null && ex is not OperationCanceledException)
        {
            PeopleLog.UsingStaleUser(logger, userId, ex.GetType().Name);
            return cached;
        }

        return await Store(teamId, fetched, cancellationToken);
    }

    /// <summary>
    /// Several users at once, with the same rules as <see cref="Get"/>; unknown users are left out. Fresh cache rows are
    /// read in one query (untracked: the result is for reading), and only missing or old ones go to users.info.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SlackUser>> GetMany(string teamId, IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var wanted = userIds.Distinct(StringComparer.Ordinal).ToList();
        var freshSince = time.GetUtcNow().UtcDateTime - MaxAge;
        var fresh = db.Set<SlackUser>().AsNoTracking().Where(u => u.TeamId == teamId && u.FetchedAt > freshSince);
        var result = (await WithIds(fresh, wanted, cancellationToken)).ToDictionary(u => u.UserId, StringComparer.Ordinal);

        foreach (var userId in wanted.Where(id => !result.ContainsKey(id)))
        {
            if (await Get(teamId, userId, cancellationToken) is { } user)
            {
                result[userId] = user;
            }
        }

        return result;
    }

    /// <summary>
    /// Names for rendering, from the cache only (no Slack calls): unknown users fall back to their ID, and an erased
    /// person's pseudonym to "a former colleague".
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> CachedNames(string teamId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        var names = await db.Set<SlackUser>().AsNoTracking()
            .Where(u => u.TeamId == teamId && userIds.Contains(u.UserId))
            .ToDictionaryAsync(u => u.UserId, u => u.DisplayName, cancellationToken);
        return userIds.Distinct().ToDictionary(id => id, id => names.TryGetValue(id, out var name) ? name : ErasedPeople.IsPseudonym(id) ? ErasedPeople.DisplayName : id);
    }

    /// <summary>Records what Slack said about a user (from users.info).</summary>
    public async Task<SlackUser> Store(string teamId, User fetched, CancellationToken cancellationToken = default)
    {
        var row = db.Set<SlackUser>().Local.FirstOrDefault(u => u.TeamId == teamId && u.UserId == fetched.Id)
            ?? await db.Set<SlackUser>().SingleOrDefaultAsync(u => u.TeamId == teamId && u.UserId == fetched.Id, cancellationToken);
        if (row is null)
        {
            row = new SlackUser { TeamId = teamId, UserId = fetched.Id };
            db.Add(row);
        }

        Apply(row, fetched);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (db.Entry(row).State == EntityState.Added && ex.IsUniqueViolation())
        {
            // Another scope cached the same user a moment ago (two events about one person at once): use its row.
            db.Entry(row).State = EntityState.Detached;
            return await db.Set<SlackUser>().AsNoTracking().SingleAsync(u => u.TeamId == teamId && u.UserId == fetched.Id, cancellationToken);
        }

        return row;
    }

    /// <summary>
    /// Records a whole users.list page: one query for the rows already cached, one save. The rows are not kept
    /// tracked afterwards, so walking thousands of users does not make every later save in the scope slower.
    /// </summary>
    public async Task StoreMany(string teamId, IEnumerable<User> fetched, CancellationToken cancellationToken = default)
    {
        var page = fetched.DistinctBy(u => u.Id, StringComparer.Ordinal).ToList();
        var ids = page.Select(u => u.Id).ToList();
        var rows = (await WithIds(db.Set<SlackUser>().Where(u => u.TeamId == teamId), ids, cancellationToken))
            .ToDictionary(u => u.UserId, StringComparer.Ordinal);
        foreach (var user in page)
        {
            if (!rows.TryGetValue(user.Id, out var row))
            {
                row = new SlackUser { TeamId = teamId, UserId = user.Id };
                db.Add(row);
                rows[user.Id] = row;
            }

            Apply(row, user);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another scope cached one of these users meanwhile: store them one by one, which resolves the clash.
            Detach(rows.Values);
            foreach (var user in page)
            {
                await Store(teamId, user, cancellationToken);
            }
        }
        finally
        {
            Detach(rows.Values);
        }
    }

    /// <summary>The rows of <paramref name="source"/> for these user IDs, asked for in chunks of <see cref="QueryChunk"/>.</summary>
    private static async Task<List<SlackUser>> WithIds(IQueryable<SlackUser> source, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        var rows = new List<SlackUser>(userIds.Count);
        foreach (var chunk in userIds.Chunk(QueryChunk))
        {
            rows.AddRange(await source.Where(u => chunk.Contains(u.UserId)).ToListAsync(cancellationToken));
        }

        return rows;
    }

    private void Apply(SlackUser row, User fetched)
    {
        row.DisplayName = fetched.DisplayName;
        row.TimeZone = fetched.Tz;
        row.IsBot = fetched.IsBot || fetched.Id == "USLACKBOT";
        row.IsDeleted = fetched.Deleted;
        row.IsGuest = fetched.IsRestricted || fetched.IsUltraRestricted;
        row.FetchedAt = time.GetUtcNow().UtcDateTime;
    }

    private void Detach(IEnumerable<SlackUser> rows)
    {
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
