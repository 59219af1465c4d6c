using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Persistence;
using SlackChampionBot.Persistence.Inbox;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Features.Data;

/// <summary>What an erasure changed, counted for the admin (and the log, which never names the person).</summary>
internal sealed record ErasureResult(int LedgerRows, int WinsBlanked, int TextsEdited, int RowsDeleted, bool Checkpointed)
{
    public bool NothingHeld => LedgerRows + WinsBlanked + TextsEdited + RowsDeleted == 0;
}

/// <summary>
/// <c>/stars forget @person</c>: erases a person in one transaction, so that no table holds their Slack ID, their name
/// or a text they wrote, while everyone else's totals and history stay exactly as they were:
/// <list type="bullet">
/// <item>rows that others' totals and history depend on keep their place under a pseudonym
/// (<see cref="ErasedPeople.NewPseudonym"/>, drawn once and recorded nowhere beside the ID): ledger entries (giver and
/// receiver, and the natural keys that contain the ID), refused stars, win credits, titles, nominations (so a manager's
/// monthly allowance still counts them), the person's wins (so their credits and cheers stay), the weekly post's
/// champion, the board totals, and survey DM rows of an open pulse (its response rate stays right);</item>
/// <item>their texts go: the wins they posted are blanked (with their links), nomination reasons they wrote or that were
/// about them are blanked, and a mention of them in anyone else's win or reason becomes "a former colleague";</item>
/// <item>their name goes with their directory row (<c>slack_users</c>); their group memberships and opt-out go;</item>
/// <item>their stars leave every board: the pseudonym is hidden like an opt-out, and their rows of archived weekly
/// tables are deleted (the other rows keep the places they were posted with, as the posts in Slack do);</item>
/// <item>finished inbox events that name them are deleted (a pending one still runs, and is pruned as usual).</item>
/// </list>
/// Then a WAL checkpoint (TRUNCATE): with <c>secure_delete</c> on every connection, the old bytes are zeroed in the main
/// file and the WAL is emptied, so the file holds no trace either (backups taken before still do). What Slack itself
/// keeps (the messages, the profile) is Slack's; if the person goes on using the bot, what they do from then on is new data.
/// </summary>
internal sealed partial class PersonEraser(BotDbContext db, TimeProvider time, ILogger<PersonEraser> logger)
{
    public const string MentionReplacement = "a former colleague";

    public async Task<ErasureResult> Erase(string teamId, string userId, CancellationToken cancellationToken)
    {
        if (!Mrkdwn.IsUserId(userId) || ErasedPeople.IsPseudonym(userId))
        {
            throw new ArgumentException("Not a Slack user ID.", nameof(userId));
        }

        var pseudonym = ErasedPeople.NewPseudonym();
        var now = time.GetUtcNow().UtcDateTime;
        int ledger, blanked, edited, deleted;
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            ledger = await Ledger(teamId, userId, pseudonym, cancellationToken);
            (blanked, edited) = await Texts(teamId, userId, pseudonym, now, cancellationToken);
            await Titles(teamId, userId, pseudonym, now, cancellationToken);
            deleted = await Person(teamId, userId, pseudonym, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        var checkpointed = await db.TruncateWal(cancellationToken);
        var result = new ErasureResult(ledger, blanked, edited, deleted, checkpointed);
        DataLog.PersonErased(logger, ledger, blanked, edited, deleted);
        if (!checkpointed)
        {
            DataLog.ErasureCheckpointBusy(logger);
        }

        return result;
    }

    /// <summary>The ledger, refused stars, credits, board totals and the weekly post: the ID becomes the pseudonym.</summary>
    private async Task<int> Ledger(string teamId, string userId, string pseudonym, CancellationToken cancellationToken)
    {
        var entries = db.Set<StarEntry>().Where(e => e.TeamId == teamId);
        var rows = await entries.Where(e => e.GiverId == userId).ExecuteUpdateAsync(s => s.SetProperty(e => e.GiverId, pseudonym), cancellationToken);
        rows += await entries.Where(e => e.ReceiverId == userId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ReceiverId, pseudonym), cancellationToken);
        await ReplaceInKeys("star_entries", teamId, userId, pseudonym, cancellationToken);

        var refusals = db.Set<RefusedStar>().Where(r => r.TeamId == teamId);
        await refusals.Where(r => r.GiverId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.GiverId, pseudonym), cancellationToken);
        await refusals.Where(r => r.ReceiverId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceiverId, pseudonym), cancellationToken);
        await ReplaceInKeys("star_refusals", teamId, userId, pseudonym, cancellationToken);

        await db.Set<WinCredit>().Where(c => c.TeamId == teamId && c.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UserId, pseudonym), cancellationToken);
        await db.Set<StarPeriodTotal>().Where(t => t.TeamId == teamId && t.ReceiverId == userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ReceiverId, pseudonym), cancellationToken);
        await db.Set<WeeklyPost>().Where(p => p.TeamId == teamId && p.ChampionUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ChampionUserId, pseudonym), cancellationToken);
        return rows;
    }

    /// <summary>Their wins and nominations keep their place without their words; mentions of them elsewhere are reworded.</summary>
    private async Task<(int Blanked, int Edited)> Texts(string teamId, string userId, string pseudonym, DateTime now, CancellationToken cancellationToken)
    {
        var blanked = await db.Set<Win>().Where(w => w.TeamId == teamId && w.PosterId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.PosterId, pseudonym).SetProperty(w => w.Text, string.Empty).SetProperty(w => w.Permalink, (string?)null), cancellationToken);

        var nominations = db.Set<ChampionNomination>().Where(n => n.TeamId == teamId);
        blanked += await nominations.Where(n => n.ManagerId == userId || n.NomineeId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Reason, string.Empty), cancellationToken);

        // A nomination of theirs whose DM or announcement is still due is done: nobody is to be told about a pseudonym.
        await nominations.Where(n => n.NomineeId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.NomineeId, pseudonym).SetProperty(n => n.DmSentAt, n => n.DmSentAt ?? now).SetProperty(n => n.AnnouncementTs, n => n.AnnouncementTs ?? string.Empty), cancellationToken);
        await nominations.Where(n => n.ManagerId == userId).ExecuteUpdateAsync(s => s.SetProperty(n => n.ManagerId, pseudonym), cancellationToken);

        var mention = "<@" + userId;
        var edited = 0;
        foreach (var win in await db.Set<Win>().Where(w => w.TeamId == teamId && w.Text.Contains(mention)).ToListAsync(cancellationToken))
        {
            win.Text = WithoutMentionsOf(win.Text, userId);
            edited++;
        }

        foreach (var nomination in await nominations.Where(n => n.Reason.Contains(mention)).ToListAsync(cancellationToken))
        {
            nomination.Reason = WithoutMentionsOf(nomination.Reason, userId);
            edited++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (blanked, edited);
    }

    private async Task Titles(string teamId, string userId, string pseudonym, DateTime now, CancellationToken cancellationToken)
    {
        var titles = db.Set<GrantedTitle>().Where(t => t.TeamId == teamId);
        await titles.Where(t => t.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UserId, pseudonym).SetProperty(t => t.CelebratedAt, t => t.CelebratedAt ?? now), cancellationToken);
        await titles.Where(t => t.RevokedBy == userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedBy, pseudonym), cancellationToken);
        await ReplaceInKeys("titles", teamId, userId, pseudonym, cancellationToken);
    }

    /// <summary>The person's own rows: directory, groups, opt-out, archived places, survey DM rows, inbox events.</summary>
    private async Task<int> Person(string teamId, string userId, string pseudonym, DateTime now, CancellationToken cancellationToken)
    {
        var deleted = await db.Set<SlackUser>().Where(u => u.TeamId == teamId && u.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.Set<UserGroupMember>().Where(m => m.TeamId == teamId && m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.Set<LeaderboardOptOut>().Where(o => o.TeamId == teamId && o.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.Set<WeeklySnapshotRow>().Where(r => r.TeamId == teamId && r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<PulseDelivery>().Where(d => d.TeamId == teamId && d.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(d => d.UserId, pseudonym), cancellationToken);

        // Off every board: the pseudonym is hidden like someone who opted out (their stars still count in others' sums).
        db.Add(new LeaderboardOptOut { TeamId = teamId, UserId = pseudonym, OptedOutAt = now });
        await db.SaveChangesAsync(cancellationToken);

        deleted += await db.Set<SlackEventInboxEntry>()
            .Where(e => e.TeamId == teamId && e.Status != SlackInboxStatus.Pending && e.RawJson != null && e.RawJson.Contains(userId))
            .ExecuteDeleteAsync(cancellationToken);
        return deleted;
    }

    /// <summary>Natural keys name people between colons (<c>cheer:42:U123:1</c>, <c>milestone:U123:10</c>): only whole IDs are replaced.</summary>
    private Task<int> ReplaceInKeys(string table, string teamId, string userId, string pseudonym, CancellationToken cancellationToken)
    {
        var from = ":" + userId + ":";
        var to = ":" + pseudonym + ":";
        var like = "%" + from + "%";
#pragma warning disable EF1002 // the table name is one of three constants; every value is a parameter
        return db.Database.ExecuteSqlRawAsync(
            $"UPDATE {table} SET natural_key = REPLACE(natural_key, {{0}}, {{1}}) WHERE team_id = {{2}} AND natural_key LIKE {{3}}",
            [from, to, teamId, like],
            cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>Every mention of the person (<c>&lt;@U123&gt;</c>, <c>&lt;@U123|name&gt;</c>) becomes "a former colleague".</summary>
    internal static string WithoutMentionsOf(string slackText, string userId) =>
        MentionPattern().Replace(slackText, m => m.Groups["id"].Value == userId ? MentionReplacement : m.Value);

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(\|[^>]*)?>", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
