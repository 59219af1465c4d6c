using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Data;

/// <summary>Everything the bot holds about one person, as plain records (rendered as JSON by <see cref="DataBlocks"/>).</summary>
internal sealed record PersonalData(
    string UserId,
    DateTime AsOfUtc,
    SlackUser? Profile,
    LeaderboardOptOut? OptOut,
    IReadOnlyList<UserGroupRecord> Groups,
    IReadOnlyList<Win> WinsPosted,
    IReadOnlyList<Win> WinsCreditedIn,
    IReadOnlyList<StarEntry> StarsReceived,
    IReadOnlyList<StarEntry> StarsGiven,
    IReadOnlyList<RefusedStar> Refusals,
    IReadOnlyList<GrantedTitle> Titles,
    IReadOnlyList<ChampionNomination> NominationsReceived,
    IReadOnlyList<ChampionNomination> NominationsMade,
    IReadOnlyList<(PulseDelivery Delivery, DateTime SurveyOpenedAt)> PulseDms,
    IReadOnlyDictionary<string, string> Names);

/// <summary>
/// <c>/stars mydata</c>: a person's own data, DMed to them as a readable JSON file: their cached Slack profile, whether
/// they are hidden from boards, the followed groups they are in, the wins they posted and were credited in (texts
/// included), every star they received and gave, the stars fair play refused them, their titles, the nominations they
/// received and made, and the survey DMs the bot keeps a row for while a pulse is open. Pulse answers are not in it: they
/// are stored without the person, so nothing links them to anyone (the file says so).
/// </summary>
internal sealed class MyData(BotDbContext db, UserDirectory users, ISlackApiClient slack, TimeProvider time, ILogger<MyData> logger)
{
    public async Task<PersonalData> Build(string teamId, string userId, CancellationToken cancellationToken)
    {
        var wins = db.Set<Win>().AsNoTracking().Include(w => w.Credits).Where(w => w.TeamId == teamId);
        var entries = db.Set<StarEntry>().AsNoTracking().Where(e => e.TeamId == teamId);
        var nominations = db.Set<ChampionNomination>().AsNoTracking().Where(n => n.TeamId == teamId);
        var groupIds = await db.Set<UserGroupMember>().AsNoTracking().Where(m => m.TeamId == teamId && m.UserId == userId).Select(m => m.GroupId).ToListAsync(cancellationToken);
        var pulse = await (
                from d in db.Set<PulseDelivery>().AsNoTracking()
                join s in db.Set<PulseSurvey>().AsNoTracking() on d.SurveyId equals s.Id
                where d.TeamId == teamId && d.UserId == userId
                orderby s.OpenedAt
                select new { Delivery = d, s.OpenedAt })
            .ToListAsync(cancellationToken);

        var data = new PersonalData(
            userId,
            time.GetUtcNow().UtcDateTime,
            await db.Set<SlackUser>().AsNoTracking().SingleOrDefaultAsync(u => u.TeamId == teamId && u.UserId == userId, cancellationToken),
            await db.Set<LeaderboardOptOut>().AsNoTracking().SingleOrDefaultAsync(o => o.TeamId == teamId && o.UserId == userId, cancellationToken),
            await db.Set<UserGroupRecord>().AsNoTracking().Where(g => g.TeamId == teamId && groupIds.Contains(g.GroupId)).OrderBy(g => g.Handle).ToListAsync(cancellationToken),
            await wins.Where(w => w.PosterId == userId).OrderBy(w => w.Id).ToListAsync(cancellationToken),
            await wins.Where(w => w.Credits.Any(c => c.UserId == userId)).OrderBy(w => w.Id).ToListAsync(cancellationToken),
            await entries.Where(e => e.ReceiverId == userId).OrderBy(e => e.Id).ToListAsync(cancellationToken),
            await entries.Where(e => e.GiverId == userId).OrderBy(e => e.Id).ToListAsync(cancellationToken),
            await db.Set<RefusedStar>().AsNoTracking().Where(r => r.TeamId == teamId && r.GiverId == userId).OrderBy(r => r.Id).ToListAsync(cancellationToken),
            await db.Set<GrantedTitle>().AsNoTracking().Where(t => t.TeamId == teamId && t.UserId == userId).OrderBy(t => t.Id).ToListAsync(cancellationToken),
            await nominations.Where(n => n.NomineeId == userId).OrderBy(n => n.Id).ToListAsync(cancellationToken),
            await nominations.Where(n => n.ManagerId == userId).OrderBy(n => n.Id).ToListAsync(cancellationToken),
            pulse.Select(p => (p.Delivery, p.OpenedAt)).ToList(),
            new Dictionary<string, string>());

        // Names for everyone the data mentions (givers, receivers, credited colleagues, people named in the texts).
        var people = new[] { userId }
            .Concat(data.WinsPosted.Concat(data.WinsCreditedIn).SelectMany(w => w.Credits.Select(c => c.UserId).Append(w.PosterId).Concat(Rendering.QuotedText.MentionedUserIds(w.Text))))
            .Concat(data.StarsReceived.Concat(data.StarsGiven).SelectMany(e => new[] { e.GiverId, e.ReceiverId }).OfType<string>())
            .Concat(data.Refusals.Select(r => r.ReceiverId))
            .Concat(data.NominationsReceived.Concat(data.NominationsMade).SelectMany(n => new[] { n.ManagerId, n.NomineeId }.Concat(Rendering.QuotedText.MentionedUserIds(n.Reason))))
            .Distinct(StringComparer.Ordinal).ToList();
        return data with { Names = await users.CachedNames(teamId, people, cancellationToken) };
    }

    /// <summary>Builds the person's data and uploads it into a DM with them.</summary>
    public async Task SendTo(string teamId, string userId, CancellationToken cancellationToken)
    {
        var data = await Build(teamId, userId, cancellationToken);
        var channel = await slack.Conversations.Open([userId], cancellationToken);
        await slack.Files.Upload(DataBlocks.PersonalDataJson(data), DataBlocks.PersonalDataFileName(data), channel, "Your SlackChampionBot data", DataBlocks.PersonalDataComment(data), cancellationToken);
        DataLog.PersonalDataSent(logger);
    }
}
