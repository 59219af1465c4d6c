using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Wins;

internal enum WinTip
{
    /// <summary>Looks like a win (mentions a colleague or a stage tag, long enough) but has no win tag.</summary>
    MissingTag = 1,

    /// <summary>Tagged, but too little story besides mentions, emoji and tags.</summary>
    TooShort = 2,

    /// <summary>The poster is a guest and guests do not take part.</summary>
    GuestPoster = 3,
}

internal enum WinPostStatus
{
    /// <summary>Not a win and nothing to say (chatter, bots, threads, other channels).</summary>
    Ignored,

    /// <summary>Not recorded; the poster gets a private tip.</summary>
    Tipped,

    /// <summary>Recorded now, stars paid.</summary>
    Recorded,

    /// <summary>This message is already a win (a redelivery, or a racing delivery won).</summary>
    AlreadyRecorded,
}

/// <summary>
/// A colleague named in a win who earned no star, and why (for the poster's private note): not a colleague who can
/// take part, or a fair-play limit (<see cref="Verdict"/> says which and when it resets).
/// </summary>
internal sealed record SkippedMention(string UserId, StarRefusal Reason, FairPlayVerdict? Verdict = null);

/// <summary>
/// What the celebration reply in the win's thread says: the poster's stars (0 when the win did not pay them), which of
/// the poster's wins this calendar month it is (wins are counted, not stars: a champion bonus is not a win), and the
/// colleagues whose star for it stands now (a colleague named without a star is not in the reply).
/// </summary>
internal sealed record WinCelebration(long WinId, string ChannelId, string MessageTs, string PosterId, int PosterStars, int WinOfTheMonth, IReadOnlyList<string> CreditedIds, int StarsPerCredit);

/// <param name="PosterUnpaid">Set when the win is recorded but does not pay its poster (the paid wins a day).</param>
internal sealed record WinPostResult(WinPostStatus Status, WinTip? Tip = null, WinCelebration? Celebration = null, IReadOnlyList<SkippedMention>? Skipped = null, FairPlayVerdict? PosterUnpaid = null)
{
    public static readonly WinPostResult Ignored = new(WinPostStatus.Ignored);

    public static readonly WinPostResult Already = new(WinPostStatus.AlreadyRecorded);
}

/// <summary>
/// An edit's outcome: <see cref="Added"/> colleagues newly credited with a star, <see cref="Removed"/> ones whose star
/// was taken back, <see cref="Unpaid"/> newly named ones who earned none (and why, for the poster).
/// </summary>
internal sealed record WinEditResult(bool Applied, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<SkippedMention>? Unpaid = null)
{
    public static readonly WinEditResult NotApplied = new(false, [], []);

    /// <summary>Whether the stars the celebration reply names changed (a colleague was credited or dropped).</summary>
    public bool CreditsChanged => Added.Count + Removed.Count > 0;
}

/// <summary>A deletion's outcome; <see cref="ReplyTs"/> is the bot's celebration reply to update, when there is one.</summary>
internal sealed record WinDeleteResult(bool Applied, int ReversedEntries, long? WinId = null, string? ChannelId = null, string? ReplyTs = null);

/// <summary>The bot's celebration reply of a live win (its ts) and what it should say now.</summary>
internal sealed record WinReply(string ReplyTs, WinCelebration Says);

/// <summary>What the /win form says.</summary>
internal sealed record WinForm(string Story, string? Customer, LifecycleStage? Stage, ExperienceKind? Experience, string? Kpi, IReadOnlyList<string> CreditedIds);

/// <summary>
/// The rules of customer wins: which messages are wins, who is credited, what they earn, and how edits and deletes
/// change that. Returns plain records; the handlers render and talk to Slack.
/// </summary>
internal sealed class WinService(
    BotDbContext db,
    StarLedger ledger,
    FairPlay fairPlay,
    IOptions<WinsOptions> options,
    IOptions<SchedulingOptions> scheduling,
    ILogger<WinService> logger)
{
    private const int ConflictAttempts = 3;

    private WinsOptions Settings => options.Value;

    /// <summary>Whether a message event is a candidate at all: a top-level message by a person in a wins channel.</summary>
    public bool IsCandidate(MessageEvent message, string botUserId) =>
        message.Subtype is null or "file_share"
        && message is not (MessageChanged or MessageDeleted)
        && message.Hidden != true
        && message.BotId is null
        && !string.IsNullOrEmpty(message.User) && message.User != botUserId
        && !string.IsNullOrEmpty(message.Ts)
        && !message.IsThreadReply
        && Settings.IsWinsChannel(message.Channel);

    /// <summary>Records a win from a message in a wins channel (or says why not).</summary>
    public async Task<WinPostResult> RecordMessage(string teamId, MessageEvent message, string? sourceEventId, string botUserId, CancellationToken cancellationToken = default)
    {
        if (!IsCandidate(message, botUserId))
        {
            return WinPostResult.Ignored;
        }

        var settings = Settings;
        var facts = WinText.Read(message.Text, settings);
        var posterId = message.User!;
        var longEnough = facts.StoryLength >= settings.MinimumTextLength;
        var looksLikeWin = facts.HasTag || (longEnough && (facts.Stage is not null || facts.Experience is not null || facts.MentionedUserIds.Any(id => id != posterId)));

        if (settings.RequireTag && !facts.HasTag)
        {
            return looksLikeWin ? new WinPostResult(WinPostStatus.Tipped, WinTip.MissingTag) : WinPostResult.Ignored;
        }

        if (!longEnough)
        {
            return looksLikeWin ? new WinPostResult(WinPostStatus.Tipped, WinTip.TooShort) : WinPostResult.Ignored;
        }

        var poster = await fairPlay.Giver(teamId, posterId, botUserId, cancellationToken);
        if (!poster.IsHuman)
        {
            return WinPostResult.Ignored;
        }

        if (!fairPlay.TakesPart(poster))
        {
            return new WinPostResult(WinPostStatus.Tipped, WinTip.GuestPoster);
        }

        if (await FindWin(teamId, message.Channel!, message.Ts!, cancellationToken) is not null)
        {
            return WinPostResult.Already;
        }

        var (credited, skipped) = await ResolveCredits(teamId, facts.MentionedUserIds, poster, botUserId, cancellationToken);
        var win = new Win
        {
            TeamId = teamId,
            ChannelId = message.Channel!,
            MessageTs = message.Ts!,
            PosterId = posterId,
            Text = Win.FitText(message.Text),
            Stage = facts.Stage,
            Experience = facts.Experience,
            Source = WinSource.Message,
        };
        return await Record(win, poster, credited, skipped, sourceEventId, cancellationToken);
    }

    /// <summary>Records a win the bot posted for the /win form (the message is the bot's; the poster is the person).</summary>
    public async Task<WinPostResult> RecordForm(string teamId, string posterId, WinForm form, string channelId, string messageTs, string? sourceId, string botUserId, CancellationToken cancellationToken = default)
    {
        if (await FindWin(teamId, channelId, messageTs, cancellationToken) is not null)
        {
            return WinPostResult.Already;
        }

        var poster = await fairPlay.Giver(teamId, posterId, botUserId, cancellationToken);
        var (credited, skipped) = await ResolveCredits(teamId, form.CreditedIds, poster, botUserId, cancellationToken);
        var win = new Win
        {
            TeamId = teamId,
            ChannelId = channelId,
            MessageTs = messageTs,
            PosterId = posterId,
            Text = Win.FitText(Mrkdwn.Escape(form.Story)),
            Customer = string.IsNullOrWhiteSpace(form.Customer) ? null : form.Customer.Trim(),
            Stage = form.Stage,
            Experience = form.Experience,
            Kpi = string.IsNullOrWhiteSpace(form.Kpi) ? null : form.Kpi.Trim(),
            Source = WinSource.Form,
        };
        return await Record(win, poster, credited, skipped, sourceId, cancellationToken);
    }

    /// <summary>
    /// Who a poster may credit among the people they named (fair play's eligibility: colleagues, not themselves, not
    /// bots, guests only when allowed), in the order named. Whether each credit pays is decided when it is recorded.
    /// </summary>
    public async Task<(List<string> Credited, List<SkippedMention> Skipped)> ResolveCredits(string teamId, IEnumerable<string> mentionedIds, Giver poster, string? botUserId, CancellationToken cancellationToken = default)
    {
        var credited = new List<string>();
        var skipped = new List<SkippedMention>();
        foreach (var id in mentionedIds.Distinct(StringComparer.Ordinal))
        {
            if (id == poster.UserId)
            {
                continue; // the poster earns the win's stars already; naming yourself is not an error
            }

            if (await fairPlay.Eligibility(teamId, poster, id, botUserId, cancellationToken) is { } why)
            {
                skipped.Add(new SkippedMention(id, why));
            }
            else
            {
                credited.Add(id);
            }
        }

        return (credited, skipped);
    }

    /// <summary>
    /// Re-scores a win after its message was edited: a dropped colleague loses their star (a reversal, which gives the
    /// poster that star back for the day it was given), a newly named one is credited and paid if fair play allows
    /// (the poster's allowance today, the pair's month, the win's credit limit). A colleague named earlier without a star
    /// stays named without one.
    /// </summary>
    public async Task<WinEditResult> ApplyEdit(string teamId, MessageChanged changed, string? sourceEventId, string botUserId, CancellationToken cancellationToken = default)
    {
        var edited = changed.Message;
        var channel = changed.Channel;
        if (edited?.Ts is null || channel is null || !Settings.IsWinsChannel(channel))
        {
            return WinEditResult.NotApplied;
        }

        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            var win = await db.Set<Win>().Include(w => w.Credits)
                .SingleOrDefaultAsync(w => w.TeamId == teamId && w.ChannelId == channel && w.MessageTs == edited.Ts, cancellationToken);
            if (win is null || win.DeletedAt is not null || win.Source != WinSource.Message || edited.User != win.PosterId)
            {
                return WinEditResult.NotApplied;
            }

            var editTs = edited.Edited?.Ts ?? changed.EventTs ?? changed.Ts;
            if (!IsLater(editTs, win.LastEditTs))
            {
                return WinEditResult.NotApplied; // a repeated or late delivery of an edit already superseded
            }

            var facts = WinText.Read(edited.Text, Settings);
            var poster = await fairPlay.Giver(teamId, win.PosterId, botUserId, cancellationToken);
            var (credited, _) = await ResolveCredits(teamId, facts.MentionedUserIds, poster, botUserId, cancellationToken);
            var current = win.Credits.Select(c => c.UserId).ToHashSet(StringComparer.Ordinal);
            var added = credited.Where(id => !current.Contains(id)).ToList();
            var removed = current.Where(id => !credited.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
            var paid = new List<string>();
            var unpaid = new List<SkippedMention>();
            var taken = new List<string>();
            var ok = await ledger.TryCommit(async ct =>
            {
                paid.Clear();
                unpaid.Clear();
                taken.Clear();
                var entries = new List<StarEntry>();
                win.Text = Win.FitText(edited.Text);
                win.LastEditTs = editTs ?? win.LastEditTs;
                win.Stage = facts.Stage ?? win.Stage;
                win.Experience = facts.Experience ?? win.Experience;

                // Dropped colleagues first, so that swapping one name for another keeps within the limits.
                foreach (var id in removed)
                {
                    win.Credits.RemoveAll(c => c.UserId == id);
                    foreach (var award in await ledger.CreditAwards(teamId, win.Id, id, ct))
                    {
                        if (!await ledger.IsReversed(teamId, award.Id, ct))
                        {
                            entries.Add(ledger.Reversal(award, sourceEventId));
                            taken.Add(id);
                        }
                    }
                }

                db.AddRange(entries);
                await db.SaveChangesAsync(ct);

                var standing = (await ledger.ActiveAwards(teamId, win.Id, ct)).Where(e => e.Reason == StarReason.Credit).Select(e => e.ReceiverId).Distinct().Count();
                var verdicts = await CreditVerdicts(teamId, poster, added, Math.Max(Settings.MaxCreditsPerWin - standing, 0), ct);
                foreach (var verdict in verdicts)
                {
                    var id = verdict.ReceiverId;
                    win.Credits.Add(new WinCredit { TeamId = teamId, WinId = win.Id, UserId = id });
                    if (!verdict.Allowed)
                    {
                        unpaid.Add(new SkippedMention(id, verdict.Refusal!.Value, verdict));
                        continue;
                    }

                    paid.Add(id);
                    if (Settings.StarsPerCredit > 0)
                    {
                        var earlier = await ledger.CreditAwards(teamId, win.Id, id, ct);
                        entries.Add(ledger.Entry(teamId, win.PosterId, id, Settings.StarsPerCredit, StarReason.Credit, win.Id, CreditKey(win.Id, id, earlier.Count + 1), sourceEventId));
                    }
                }

                await fairPlay.RecordRefusals(teamId, verdicts, Settings.StarsPerCredit, win.Id, sourceEventId, ct);
                db.AddRange(entries.Where(e => e.Amount > 0));
                await db.SaveChangesAsync(ct);
                return entries;
            }, cancellationToken);

            if (ok)
            {
                WinsLog.WinEdited(logger, win.Id, paid.Count, taken.Distinct().Count());
                return new WinEditResult(true, paid, taken.Distinct(StringComparer.Ordinal).ToList(), unpaid);
            }
        }

        return WinEditResult.NotApplied;
    }

    /// <summary>Marks a deleted win and reverses every star it produced, cheers included.</summary>
    public async Task<WinDeleteResult> ApplyDelete(string teamId, string? channelId, string? deletedTs, string? sourceEventId, CancellationToken cancellationToken = default)
    {
        if (channelId is null || deletedTs is null)
        {
            return new WinDeleteResult(false, 0);
        }

        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            var win = await db.Set<Win>().SingleOrDefaultAsync(w => w.TeamId == teamId && w.ChannelId == channelId && w.MessageTs == deletedTs, cancellationToken);
            if (win is null)
            {
                return new WinDeleteResult(false, 0);
            }

            var active = await ledger.ActiveAwards(teamId, win.Id, cancellationToken);
            if (win.DeletedAt is not null && active.Count == 0)
            {
                return new WinDeleteResult(false, 0);
            }

            var reversals = active.Select(e => ledger.Reversal(e, sourceEventId)).ToList();
            var ok = await ledger.TryCommit(async ct =>
            {
                win.DeletedAt ??= ledger.UtcNow;
                db.AddRange(reversals);
                await db.SaveChangesAsync(ct);
                return reversals;
            }, cancellationToken);

            if (ok)
            {
                WinsLog.WinDeleted(logger, win.Id, reversals.Count);
                return new WinDeleteResult(true, reversals.Count, win.Id, win.ChannelId, win.ReplyTs);
            }
        }

        return new WinDeleteResult(false, 0);
    }

    /// <summary>
    /// A channel was deleted: its messages are gone from Slack, so every win posted in it is deleted (its stars reversed),
    /// whether or not the channel is still a wins channel. Each win is its own transaction, so a retry finishes the rest.
    /// </summary>
    public async Task<int> ApplyChannelDeleted(string teamId, string channelId, string? sourceEventId, CancellationToken cancellationToken = default)
    {
        var messages = await db.Set<Win>().AsNoTracking()
            .Where(w => w.TeamId == teamId && w.ChannelId == channelId)
            .OrderBy(w => w.Id)
            .Select(w => w.MessageTs)
            .ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var messageTs in messages)
        {
            if ((await ApplyDelete(teamId, channelId, messageTs, sourceEventId, cancellationToken)).Applied)
            {
                deleted++;
            }

            db.ChangeTracker.Clear();
        }

        WinsLog.ChannelDeleted(logger, channelId, deleted);
        return deleted;
    }

    public Task<Win?> FindWin(string teamId, string channelId, string messageTs, CancellationToken cancellationToken = default) =>
        db.Set<Win>().AsNoTracking().Include(w => w.Credits)
            .SingleOrDefaultAsync(w => w.TeamId == teamId && w.ChannelId == channelId && w.MessageTs == messageTs, cancellationToken);

    /// <summary>The celebration reply of a live win and what it should say now (the stars that stand for it); null without one.</summary>
    public async Task<WinReply?> CurrentReply(long winId, CancellationToken cancellationToken = default)
    {
        var win = await db.Set<Win>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == winId, cancellationToken);
        if (win is not { DeletedAt: null, ReplyTs: { Length: > 0 } replyTs })
        {
            return null;
        }

        return new WinReply(replyTs, await CelebrationNow(win, cancellationToken));
    }

    /// <summary>What a celebration of <paramref name="win"/> says now: the stars that stand for it in the ledger.</summary>
    public async Task<WinCelebration> CelebrationNow(Win win, CancellationToken cancellationToken = default)
    {
        var standing = await ledger.ActiveAwards(win.TeamId, win.Id, cancellationToken);
        var posterStars = standing.Where(e => e.Reason == StarReason.Win).Sum(e => e.Amount);
        var credited = standing.Where(e => e.Reason == StarReason.Credit).Select(e => e.ReceiverId).Distinct().Order(StringComparer.Ordinal).ToList();
        return await CelebrationOf(win, posterStars, credited, cancellationToken);
    }

    /// <summary>Moves the celebration from <paramref name="from"/> to <paramref name="to"/>; false when it was not in <paramref name="from"/> (another run got there).</summary>
    public async Task<bool> MoveCelebration(long winId, CelebrationState from, CelebrationState to, CancellationToken cancellationToken = default) =>
        await db.Set<Win>().Where(w => w.Id == winId && w.Celebration == from)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Celebration, to), cancellationToken) == 1;

    /// <summary>Remembers the bot's celebration reply, so later edits and a deletion can update it.</summary>
    public Task SaveReply(long winId, string replyTs, CancellationToken cancellationToken = default) =>
        db.Set<Win>().Where(w => w.Id == winId).ExecuteUpdateAsync(s => s.SetProperty(w => w.ReplyTs, replyTs), cancellationToken);

    /// <summary>Keeps the link to the win's message (Slack's permalink, asked for by <see cref="WinAnnouncer"/>).</summary>
    public Task SavePermalink(long winId, string permalink, CancellationToken cancellationToken = default) =>
        db.Set<Win>().Where(w => w.Id == winId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Permalink, permalink), cancellationToken);

    /// <summary>What the celebration reply says about <paramref name="win"/>: the poster's stars for it and the colleagues paid.</summary>
    private async Task<WinCelebration> CelebrationOf(Win win, int posterStars, IReadOnlyList<string> credited, CancellationToken cancellationToken) =>
        new(win.Id, win.ChannelId, win.MessageTs, win.PosterId, posterStars, await WinOfTheMonth(win, cancellationToken), credited, Settings.StarsPerCredit);

    /// <summary>Which of the poster's wins (deleted ones left out) in its calendar month, company time zone, this one is.</summary>
    public Task<int> WinOfTheMonth(Win win, CancellationToken cancellationToken = default)
    {
        var month = scheduling.Value.Calendar.Month(win.CreatedAt);
        return db.Set<Win>().AsNoTracking().CountAsync(
            w => w.TeamId == win.TeamId && w.PosterId == win.PosterId && w.DeletedAt == null && w.CreatedAt >= month.StartUtc && w.CreatedAt < month.EndUtc
                && (w.CreatedAt < win.CreatedAt || (w.CreatedAt == win.CreatedAt && w.Id <= win.Id)),
            cancellationToken);
    }

    /// <summary>Whether Slack timestamp <paramref name="ts"/> is later than <paramref name="than"/> (null: nothing to compare, so yes).</summary>
    internal static bool IsLater(string? ts, string? than) =>
        ts is null || than is null
        || !decimal.TryParse(ts, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var a)
        || !decimal.TryParse(than, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var b)
        || a > b;

    public static string PosterKey(long winId) => $"win:{winId}:poster";

    public static string CreditKey(long winId, string userId, int generation) => $"win:{winId}:credit:{userId}:{generation}";

    /// <summary>
    /// Stores the win with every colleague it names and pays what fair play allows, in one transaction (so two wins at
    /// once cannot both take the poster's last star): the poster's stars if today's paid wins leave room, and each
    /// credit, in the order named, while the win's credit limit, the poster's allowance today and the pair's month
    /// allow. The limit refusals are kept for HR's export.
    /// </summary>
    private async Task<WinPostResult> Record(Win win, Giver poster, List<string> credited, List<SkippedMention> skipped, string? sourceEventId, CancellationToken cancellationToken)
    {
        var settings = Settings;
        win.CreatedAt = ledger.UtcNow;
        win.Credits = credited.Select(id => new WinCredit { TeamId = win.TeamId, UserId = id }).ToList();
        FairPlayVerdict? posterVerdict = null;
        IReadOnlyList<FairPlayVerdict> verdicts = [];

        var ok = await ledger.TryCommit(async ct =>
        {
            db.Add(win);
            await db.SaveChangesAsync(ct);
            var entries = new List<StarEntry>();
            posterVerdict = settings.StarsPerWin > 0 ? await fairPlay.AllowPaidWin(win.TeamId, poster, settings.MaxPaidWinsPerDay, ct) : null;
            if (posterVerdict is { Allowed: true })
            {
                entries.Add(ledger.Entry(win.TeamId, null, win.PosterId, settings.StarsPerWin, StarReason.Win, win.Id, PosterKey(win.Id), sourceEventId));
            }

            verdicts = await CreditVerdicts(win.TeamId, poster, credited, settings.MaxCreditsPerWin, ct);
            if (settings.StarsPerCredit > 0)
            {
                entries.AddRange(verdicts.Where(v => v.Allowed)
                    .Select(v => ledger.Entry(win.TeamId, win.PosterId, v.ReceiverId, settings.StarsPerCredit, StarReason.Credit, win.Id, CreditKey(win.Id, v.ReceiverId, 1), sourceEventId)));
            }

            await fairPlay.RecordRefusals(win.TeamId, verdicts, settings.StarsPerCredit, win.Id, sourceEventId, ct);
            if (posterVerdict is { Allowed: false })
            {
                await fairPlay.RecordRefusals(win.TeamId, [posterVerdict], settings.StarsPerWin, win.Id, sourceEventId, ct);
            }

            db.AddRange(entries);
            await db.SaveChangesAsync(ct);
            return entries;
        }, cancellationToken);

        if (!ok)
        {
            return WinPostResult.Already;
        }

        var paid = verdicts.Where(v => v.Allowed).Select(v => v.ReceiverId).ToList();
        skipped.AddRange(verdicts.Where(v => !v.Allowed).Select(v => new SkippedMention(v.ReceiverId, v.Refusal!.Value, v)));
        var posterStars = posterVerdict is { Allowed: true } ? settings.StarsPerWin : 0;
        WinsLog.WinRecorded(logger, win.Id, win.ChannelId, paid.Count);
        return new WinPostResult(
            WinPostStatus.Recorded,
            Celebration: await CelebrationOf(win, posterStars, paid, cancellationToken),
            Skipped: skipped,
            PosterUnpaid: posterVerdict is { Allowed: false } ? posterVerdict : null);
    }

    /// <summary>Fair play's limits for a win's credits (no limit applies when credits are worth no stars: nothing is given).</summary>
    private Task<IReadOnlyList<FairPlayVerdict>> CreditVerdicts(string teamId, Giver poster, IReadOnlyList<string> credited, int maxCredits, CancellationToken cancellationToken) =>
        fairPlay.Allow(teamId, poster, credited, Settings.StarsPerCredit, Settings.StarsPerCredit > 0 ? maxCredits : int.MaxValue, cancellationToken);
}
