using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Persistence;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

/// <summary>What a person's click did.</summary>
internal enum AnswerStatus
{
    Recorded,
    Closed,
    NotRecipient,
    Invalid,
}

/// <summary>
/// How far a person is through their survey: what their own DM may show. Counts only, never a value: the DM stays in
/// Slack's history (and its exports), so it must not depend on how the person answered.
/// </summary>
internal sealed record PulseProgress(int Answered, int Questions, bool HasComment);

/// <summary>
/// What a click or comment did. <see cref="ProgressChanged"/> is false when an answer was only changed (the DM, which
/// shows progress only, stays as it is).
/// </summary>
internal sealed record AnswerOutcome(AnswerStatus Status, PulseSurveyView? Survey = null, PulseProgress? Progress = null, bool ProgressChanged = false);

/// <summary>A survey as its DM shows it.</summary>
internal sealed record PulseSurveyView(long Id, IReadOnlyList<string> Questions, bool IncludesEnps, bool AllowComment, DateTime ClosesAt)
{
    public int QuestionCount => Questions.Count + (IncludesEnps ? 1 : 0);

    public static PulseSurveyView From(PulseSurvey s) =>
        new(s.Id, JsonSerializer.Deserialize<string[]>(s.QuestionsJson) ?? [], s.IncludesEnps, s.AllowComment, s.ClosesAt);
}

/// <summary>
/// One survey's participation keys: HMAC-SHA256 of "survey:user" keyed with the survey's salt, as hex. Without a salt
/// (a survey opened by an older version, with no <c>Pulse:ResponseSalt</c> left to finish it) there are none.
/// </summary>
internal sealed class ParticipationKeys(long surveyId, byte[]? salt)
{
    public string? Of(string userId) =>
        salt is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(FormattableString.Invariant($"{surveyId}:{userId}"))));
}

/// <summary>
/// One recipient of a survey and the team they count towards, frozen when the audience is resolved, with their Slack
/// time zone (IANA id; null or unknown: the company's).
/// </summary>
internal sealed record PulseRecipient(string UserId, string? TeamGroupId, string? TimeZone = null);

/// <summary>
/// The pulse's rules: when a survey opens, who it goes to, recording (and changing) anonymous answers, and closing,
/// which severs the last link between a person and a response.
/// </summary>
internal sealed class PulseService(
    BotDbContext db,
    IOptions<PulseOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<PulseService> logger)
{
    public const int EnpsQuestion = -1;
    public const int MaxCommentLength = 2000;
    public const int SaltBytes = 32;

    private PulseOptions Options => options.Value;

    /// <summary>The survey that is open now, if any (one at a time).</summary>
    public Task<PulseSurvey?> OpenSurvey(string teamId, CancellationToken cancellationToken) =>
        db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == teamId && s.ClosedAt == null)
            .OrderByDescending(s => s.Number)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>How many survey DMs were delivered (each is tidied after close).</summary>
    public Task<int> DmCount(long surveyId, CancellationToken cancellationToken) =>
        db.Set<PulseDelivery>().CountAsync(d => d.SurveyId == surveyId && d.MessageTs != null, cancellationToken);

    /// <summary><c>/pulse send-now</c>: opens a survey now, or returns the one already open (<c>Opened</c> false).</summary>
    public async Task<(PulseSurvey Survey, bool Opened)> OpenNow(string teamId, CancellationToken cancellationToken)
    {
        if (await OpenIfDue(teamId, force: true, cancellationToken) is { } opened)
        {
            return (opened, true);
        }

        // Open already (or another instance opened one at the same moment).
        return (await OpenSurvey(teamId, cancellationToken) ?? throw new InvalidOperationException("No pulse could be opened."), false);
    }

    /// <summary>
    /// Opens a survey when one is due (or always, with <paramref name="force"/>); null when not due or one is open.
    /// Due: an opening day of <c>Pulse:Cron</c> has begun somewhere on Earth (<see cref="PulseSchedule.DueOpeningDate"/>)
    /// and is at least <c>EveryWeeks</c> after the last survey's, so that people far ahead of the company get it at
    /// their own hour on that date. <paramref name="force"/> (<c>/pulse send-now</c>) opens today, for everyone now
    /// (or at the next 08:00 where it is outside 08:00-18:00).
    /// </summary>
    public async Task<PulseSurvey?> OpenIfDue(string teamId, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var company = scheduling.Value.Calendar;
        var last = await db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == teamId)
            .OrderByDescending(s => s.Number)
            .FirstOrDefaultAsync(cancellationToken);

        DateTime opensAt;
        if (force)
        {
            if (last is not null && last.ClosedAt is null)
            {
                // One open survey at a time: a second would make the first one's reminder and close ambiguous.
                return null;
            }

            opensAt = now;
        }
        else
        {
            if (PulseSchedule.DueOpeningDate(Options.Cron, company, now) is not { } date
                || (last is not null && date.DayNumber - company.LocalDate(last.OpenedAt).DayNumber < Options.EveryWeeks * 7))
            {
                return null;
            }

            opensAt = company.ToUtc(date, Options.SendTime);
        }

        // Until the audience is known, the company zone's times stand in (replaced by the recipients' own).
        var times = PulseSchedule.For(company, company.LocalDate(opensAt), force ? TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, company.Zone)) : Options.SendTime, now, Options.OpenDays, Options.ReminderAfterHours);
        var number = (last?.Number ?? 0) + 1;
        var survey = new PulseSurvey
        {
            TeamId = teamId,
            Number = number,
            QuestionsJson = JsonSerializer.Serialize(Options.EffectiveQuestions),
            IncludesEnps = Options.EnpsEverySurveys > 0 && number % Options.EnpsEverySurveys == 0,
            AllowComment = Options.AllowComment,
            Threshold = Options.AnonymityThreshold,
            OpenedAt = opensAt,
            LocalSendTime = force ? null : Options.SendTime,
            RemindAt = times.RemindAt,
            ClosesAt = times.ClosesAt,
            Salt = RandomNumberGenerator.GetBytes(SaltBytes),
        };
        db.Add(survey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance opened survey #number at the same moment.
            db.Entry(survey).State = EntityState.Detached;
            return null;
        }

        PulseLog.SurveyOpened(logger, survey.Id, survey.Number, survey.IncludesEnps);
        return survey;
    }

    /// <summary>
    /// Records the recipients (one delivery row each, with the team they count towards from now on) and marks the
    /// audience resolved, in one transaction.
    /// </summary>
    public async Task RecordAudience(PulseSurvey survey, IReadOnlyCollection<PulseRecipient> recipients, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var tracked = await db.Set<PulseSurvey>().SingleAsync(s => s.Id == survey.Id, cancellationToken);
        if (tracked.AudienceResolvedAt is not null)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var company = scheduling.Value.Calendar;
        var openingDate = company.LocalDate(tracked.OpenedAt);

        // Scheduled: the local send time on the opening day, each in their own zone (or now, when that has passed: the
        // survey was prepared late). Sent now: from the moment it opened, each inside their own window.
        var sendTime = tracked.LocalSendTime ?? TimeOnly.MinValue;
        var notBefore = tracked.LocalSendTime is null ? tracked.OpenedAt : now;
        var zones = new Dictionary<string, CompanyCalendar>(StringComparer.Ordinal);
        var deliveries = recipients.DistinctBy(r => r.UserId, StringComparer.Ordinal).Select(r =>
        {
            var zone = r.TimeZone ?? string.Empty;
            if (!zones.TryGetValue(zone, out var calendar))
            {
                zones[zone] = calendar = company.In(new SlackUser { TimeZone = r.TimeZone }.ZoneOr(company.Zone));
            }

            var times = PulseSchedule.For(calendar, openingDate, sendTime, notBefore, Options.OpenDays, Options.ReminderAfterHours);
            return new PulseDelivery
            {
                TeamId = survey.TeamId,
                SurveyId = survey.Id,
                UserId = r.UserId,
                TeamGroupId = r.TeamGroupId,
                SendAt = times.SendAt,
                RemindAt = times.RemindAt,
                ClosesAt = times.ClosesAt,
            };
        }).ToList();
        db.AddRange(deliveries);
        if (deliveries.Count > 0)
        {
            // The survey closes when the last person's window ends; the first reminder is due at the earliest one.
            tracked.ClosesAt = deliveries.Max(d => d.ClosesAt!.Value);
            tracked.RemindAt = deliveries.Min(d => d.RemindAt!.Value);
        }

        tracked.AudienceResolvedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        survey.AudienceResolvedAt = tracked.AudienceResolvedAt;
        survey.ClosesAt = tracked.ClosesAt;
        survey.RemindAt = tracked.RemindAt;
        PulseLog.AudienceResolved(logger, survey.Id, recipients.Count);
    }

    /// <summary>
    /// The survey's participation keys. Its own salt; for a survey opened by an older version (no salt of its own),
    /// the old <c>Pulse:ResponseSalt</c> while it is still configured.
    /// </summary>
    public ParticipationKeys KeysOf(PulseSurvey survey) =>
        new(survey.Id, survey.Salt ?? (string.IsNullOrEmpty(Options.ResponseSalt) ? null : Encoding.UTF8.GetBytes(Options.ResponseSalt)));

    /// <summary>
    /// Records one answer by <paramref name="userId"/>, who clicked in <paramref name="channelId"/>: only the
    /// survey's recipient, in their own DM, while it is open. A second click replaces the first.
    /// </summary>
    public async Task<AnswerOutcome> Answer(string teamId, string userId, string? channelId, long surveyId, int question, int value, CancellationToken cancellationToken)
    {
        var (status, survey) = await CheckCanAnswer(teamId, userId, channelId, surveyId, cancellationToken);
        if (status != AnswerStatus.Recorded)
        {
            return new AnswerOutcome(status);
        }

        var view = PulseSurveyView.From(survey!);
        var valid = question == EnpsQuestion
            ? view.IncludesEnps && value is >= 0 and <= 10
            : question >= 0 && question < view.Questions.Count && value is >= 1 and <= 5;
        if (!valid || KeysOf(survey!).Of(userId) is not { } key)
        {
            return new AnswerOutcome(valid ? AnswerStatus.Closed : AnswerStatus.Invalid);
        }

        // The key is computed once per request and used for every lookup below.
        var (participation, response) = await ResponseOf(survey!, key, cancellationToken);
        var before = Answered(view, response);
        if (question == EnpsQuestion)
        {
            response.Enps = value;
        }
        else
        {
            response.SetAnswer(question, value);
        }

        await db.SaveChangesAsync(cancellationToken);
        var after = Answered(view, response);
        return new AnswerOutcome(AnswerStatus.Recorded, view, new PulseProgress(after, view.QuestionCount, participation.CommentId is not null), after != before);
    }

    /// <summary>
    /// Stores (or replaces) the person's anonymous comment. <paramref name="channelId"/> is the DM the comment button
    /// was clicked in, when known: like an answer, it must be the recipient's own.
    /// </summary>
    public async Task<AnswerOutcome> Comment(string teamId, string userId, string? channelId, long surveyId, string text, CancellationToken cancellationToken)
    {
        var (status, survey) = await CheckCanAnswer(teamId, userId, channelId, surveyId, cancellationToken);
        if (status != AnswerStatus.Recorded)
        {
            return new AnswerOutcome(status);
        }

        if (!survey!.AllowComment || string.IsNullOrWhiteSpace(text))
        {
            return new AnswerOutcome(AnswerStatus.Invalid);
        }

        if (KeysOf(survey).Of(userId) is not { } key)
        {
            return new AnswerOutcome(AnswerStatus.Closed);
        }

        var (participation, response) = await ResponseOf(survey, key, cancellationToken);
        var trimmed = text.Trim();
        trimmed = trimmed.Length > MaxCommentLength ? trimmed[..MaxCommentLength] : trimmed;
        var comment = participation.CommentId is { } commentId
            ? await db.Set<PulseComment>().SingleAsync(c => c.Id == commentId, cancellationToken)
            : null;
        if (comment is null)
        {
            comment = new PulseComment { TeamId = teamId, SurveyId = surveyId };
            db.Add(comment);
            await db.SaveChangesAsync(cancellationToken);
            participation.CommentId = comment.Id;
        }

        comment.Text = trimmed;
        await db.SaveChangesAsync(cancellationToken);
        var view = PulseSurveyView.From(survey);
        return new AnswerOutcome(AnswerStatus.Recorded, view, new PulseProgress(Answered(view, response), view.QuestionCount, true));
    }

    /// <summary>The person's progress through an open survey (for the comment modal): counts only.</summary>
    public async Task<PulseProgress> Progress(PulseSurvey survey, string userId, CancellationToken cancellationToken)
    {
        var view = PulseSurveyView.From(survey);
        var key = KeysOf(survey).Of(userId);
        var participation = key is null
            ? null
            : await db.Set<PulseParticipation>().AsNoTracking().SingleOrDefaultAsync(p => p.SurveyId == survey.Id && p.Key == key, cancellationToken);
        if (participation is null)
        {
            return new PulseProgress(0, view.QuestionCount, false);
        }

        var response = await db.Set<PulseResponse>().AsNoTracking().SingleAsync(r => r.Id == participation.ResponseId, cancellationToken);
        return new PulseProgress(Answered(view, response), view.QuestionCount, participation.CommentId is not null);
    }

    /// <summary>The delivery that reached this person in this DM, or the reason they cannot answer.</summary>
    public async Task<(AnswerStatus Status, PulseSurvey? Survey)> CheckCanAnswer(string teamId, string userId, string? channelId, long surveyId, CancellationToken cancellationToken)
    {
        var survey = await db.Set<PulseSurvey>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.TeamId == teamId, cancellationToken);
        if (survey is null)
        {
            return (AnswerStatus.Invalid, null);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (survey.ClosedAt is not null || now >= survey.ClosesAt)
        {
            return (AnswerStatus.Closed, survey);
        }

        // The clicker must be the recipient, clicking in the DM the bot sent them.
        var delivery = await db.Set<PulseDelivery>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.SurveyId == surveyId && d.UserId == userId, cancellationToken);
        if (delivery is null || (channelId is not null && delivery.ChannelId is not null && delivery.ChannelId != channelId))
        {
            return (AnswerStatus.NotRecipient, survey);
        }

        // The survey as this person sees it: their own window (the DM shows its end in their time).
        survey.ClosesAt = delivery.ClosesAt ?? survey.ClosesAt;
        if (now >= survey.ClosesAt)
        {
            return (AnswerStatus.Closed, survey);
        }

        return (AnswerStatus.Recorded, survey);
    }

    /// <summary>The participation (detached) and the tracked response behind <paramref name="key"/>, created on the first answer.</summary>
    private async Task<(PulseParticipation Participation, PulseResponse Response)> ResponseOf(PulseSurvey survey, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var participation = await db.Set<PulseParticipation>()
                .SingleOrDefaultAsync(p => p.SurveyId == survey.Id && p.Key == key, cancellationToken);
            if (participation is not null)
            {
                return (participation, await db.Set<PulseResponse>().SingleAsync(r => r.Id == participation.ResponseId, cancellationToken));
            }

            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var response = new PulseResponse { TeamId = survey.TeamId, SurveyId = survey.Id };
            db.Add(response);
            await db.SaveChangesAsync(cancellationToken);
            var row = new PulseParticipation { TeamId = survey.TeamId, SurveyId = survey.Id, Key = key, ResponseId = response.Id };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (row, response);
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // A simultaneous click by the same person created the participation first: use theirs.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private static int Answered(PulseSurveyView survey, PulseResponse response) =>
        Enumerable.Range(0, survey.Questions.Count).Count(i => response.GetAnswer(i) is not null) + (survey.IncludesEnps && response.Enps is not null ? 1 : 0);

    /// <summary>
    /// Closes the survey in one transaction, after which nothing links a person to a response: answers stop; each
    /// response is assigned its recipient's frozen team, kept only where <see cref="PulseSuppression"/> shows that team's
    /// row; responses and comments are re-inserted in random order (new ids, no order of answering); every participation
    /// row is deleted and the salt destroyed; delivery rows without a DM to tidy are deleted and the rest lose their team.
    /// The DM clean-up and the WAL checkpoint follow (<see cref="PulseCloser"/>). Returns false when it was closed already.
    /// </summary>
    public async Task<bool> Close(long surveyId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var survey = await db.Set<PulseSurvey>().SingleAsync(s => s.Id == surveyId, cancellationToken);
        if (survey.ClosedAt is not null)
        {
            return false;
        }

        var deliveries = await db.Set<PulseDelivery>().AsNoTracking().Where(d => d.SurveyId == surveyId).ToListAsync(cancellationToken);
        var participations = await db.Set<PulseParticipation>().AsNoTracking().Where(p => p.SurveyId == surveyId)
            .ToDictionaryAsync(p => p.Key, StringComparer.Ordinal, cancellationToken);

        // The frozen team of each response and comment, through the delivery (person) and their participation key.
        var keys = KeysOf(survey);
        var teamOfResponse = new Dictionary<long, string?>();
        var teamOfComment = new Dictionary<long, string?>();
        foreach (var delivery in deliveries)
        {
            if (keys.Of(delivery.UserId) is { } key && participations.TryGetValue(key, out var participation))
            {
                teamOfResponse[participation.ResponseId] = delivery.TeamGroupId;
                if (participation.CommentId is { } commentId)
                {
                    teamOfComment[commentId] = delivery.TeamGroupId;
                }
            }
        }

        var responses = await db.Set<PulseResponse>().Where(r => r.SurveyId == surveyId).ToListAsync(cancellationToken);
        var comments = await db.Set<PulseComment>().Where(c => c.SurveyId == surveyId).ToListAsync(cancellationToken);
        var answered = responses.Where(HasAnyAnswer).ToList();
        var questions = PulseSurveyView.From(survey).Questions.Count;
        var groups = answered.Select(r => teamOfResponse.GetValueOrDefault(r.Id))
            .Concat(comments.Select(c => teamOfComment.GetValueOrDefault(c.Id)))
            .Distinct()
            .Select(team => PulseGroupCounts.Of(
                team,
                answered.Where(r => teamOfResponse.GetValueOrDefault(r.Id) == team).ToList(),
                questions,
                comments.Count(c => teamOfComment.GetValueOrDefault(c.Id) == team)));
        var visibility = PulseSuppression.Apply(Math.Max(survey.Threshold, Options.AnonymityThreshold), groups);

        var kept = answered.Select(r => new PulseResponse
        {
            TeamId = r.TeamId,
            SurveyId = r.SurveyId,
            Answer1 = r.Answer1,
            Answer2 = r.Answer2,
            Answer3 = r.Answer3,
            Answer4 = r.Answer4,
            Answer5 = r.Answer5,
            Enps = r.Enps,
            TeamGroupId = teamOfResponse.GetValueOrDefault(r.Id) is { } team && visibility.Shown(team, PulseMeasure.Responses) ? team : null,
        }).ToList();
        var keptComments = comments.Select(c => new PulseComment { TeamId = c.TeamId, SurveyId = c.SurveyId, Text = c.Text }).ToList();

        // New rows in random order: ids and row order no longer follow the order people answered in.
        db.RemoveRange(responses);
        db.RemoveRange(comments);
        await db.SaveChangesAsync(cancellationToken);
        db.AddRange(Shuffle(kept));
        db.AddRange(Shuffle(keptComments));

        survey.DeliveredCount = deliveries.Count(d => d.State is PulseDeliveryState.Sent or PulseDeliveryState.Posting);
        survey.ResponseCount = kept.Count;
        survey.ClosedAt = time.GetUtcNow().UtcDateTime;

        // Overwritten in place first, then dropped: with secure_delete the old bytes are zeroed either way.
        if (survey.Salt is { } salt)
        {
            survey.Salt = new byte[salt.Length];
            await db.SaveChangesAsync(cancellationToken);
        }

        survey.Salt = null;
        await db.SaveChangesAsync(cancellationToken);

        await db.Set<PulseParticipation>().Where(p => p.SurveyId == surveyId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<PulseDelivery>().Where(d => d.SurveyId == surveyId && d.MessageTs == null && d.ReminderTs == null).ExecuteDeleteAsync(cancellationToken);
        await db.Set<PulseDelivery>().Where(d => d.SurveyId == surveyId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.TeamGroupId, (string?)null).SetProperty(d => d.ClaimedAt, (DateTime?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        PulseLog.SurveyClosed(logger, surveyId, survey.DeliveredCount, survey.ResponseCount);
        return true;
    }

    private static bool HasAnyAnswer(PulseResponse r) =>
        r.Answer1 is not null || r.Answer2 is not null || r.Answer3 is not null || r.Answer4 is not null || r.Answer5 is not null || r.Enps is not null;

    private static List<T> Shuffle<T>(List<T> items)
    {
        var array = items.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return [.. array];
    }
}
