using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Persistence;

namespace SlackChampionBot.Features.Pulse;

/// <summary>What a person's click did.</summary>
internal enum AnswerStatus
{
    Recorded,
    Closed,
    NotRecipient,
    Invalid,
}

/// <summary>The person's own current answers (only ever shown back to them, in their DM).</summary>
internal sealed record OwnAnswers(IReadOnlyList<int?> Answers, int? Enps, bool HasComment);

internal sealed record AnswerOutcome(AnswerStatus Status, PulseSurveyView? Survey = null, OwnAnswers? Answers = null);

/// <summary>A survey as its DM shows it.</summary>
internal sealed record PulseSurveyView(long Id, IReadOnlyList<string> Questions, bool IncludesEnps, bool AllowComment, DateTime ClosesAt)
{
    public static PulseSurveyView From(PulseSurvey s) =>
        new(s.Id, JsonSerializer.Deserialize<string[]>(s.QuestionsJson) ?? [], s.IncludesEnps, s.AllowComment, s.ClosesAt);
}

/// <summary>
/// The pulse's rules: when a survey opens, who it goes to, recording (and changing) anonymous answers, and closing,
/// which severs the last link between a person and a response.
/// </summary>
internal sealed class PulseService(
    BotDbContext db,
    IOptions<PulseOptions> options,
    TimeProvider time,
    ILogger<PulseService> logger)
{
    public const int EnpsQuestion = -1;
    public const int MaxCommentLength = 2000;

    private PulseOptions Options => options.Value;

    /// <summary>Opens a survey when one is due (or always, with <paramref name="force"/>); null when not due.</summary>
    public async Task<PulseSurvey?> OpenIfDue(string teamId, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var last = await db.Set<PulseSurvey>().AsNoTracking()
            .Where(s => s.TeamId == teamId)
            .OrderByDescending(s => s.Number)
            .FirstOrDefaultAsync(cancellationToken);

        if (!force && last is not null && now - last.OpenedAt < TimeSpan.FromDays(Options.EveryWeeks * 7) - TimeSpan.FromHours(12))
        {
            return null;
        }

        if (last is not null && last.ClosedAt is null && force)
        {
            // One open survey at a time: a second would make the first one's reminder and close ambiguous.
            return null;
        }

        var number = (last?.Number ?? 0) + 1;
        var survey = new PulseSurvey
        {
            TeamId = teamId,
            Number = number,
            QuestionsJson = JsonSerializer.Serialize(Options.EffectiveQuestions),
            IncludesEnps = Options.EnpsEverySurveys > 0 && number % Options.EnpsEverySurveys == 0,
            AllowComment = Options.AllowComment,
            Threshold = Options.AnonymityThreshold,
            OpenedAt = now,
            RemindAt = now.AddHours(Options.ReminderAfterHours),
            ClosesAt = now.AddDays(Options.OpenDays),
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

    /// <summary>Records the recipients (one delivery row each) and marks the audience resolved, in one transaction.</summary>
    public async Task RecordAudience(PulseSurvey survey, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tracked = await db.Set<PulseSurvey>().SingleAsync(s => s.Id == survey.Id, cancellationToken);
        if (tracked.AudienceResolvedAt is not null)
        {
            return;
        }

        db.AddRange(userIds.Distinct(StringComparer.Ordinal).Select(u => new PulseDelivery { TeamId = survey.TeamId, SurveyId = survey.Id, UserId = u }));
        tracked.AudienceResolvedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        survey.AudienceResolvedAt = tracked.AudienceResolvedAt;
        PulseLog.AudienceResolved(logger, survey.Id, userIds.Count);
    }

    /// <summary>The participation key: HMAC-SHA256 of survey and user with the configured salt.</summary>
    public string ParticipationKey(long surveyId, string userId)
    {
        var salt = Encoding.UTF8.GetBytes(Options.ResponseSalt ?? throw new InvalidOperationException("Pulse:ResponseSalt is not set."));
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(FormattableString.Invariant($"{surveyId}:{userId}"))));
    }

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
        if (!valid)
        {
            return new AnswerOutcome(AnswerStatus.Invalid);
        }

        var response = await ResponseOf(survey!, userId, cancellationToken);
        if (question == EnpsQuestion)
        {
            response.Enps = value;
        }
        else
        {
            response.SetAnswer(question, value);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new AnswerOutcome(AnswerStatus.Recorded, view, await OwnAnswersOf(view, response, userId, cancellationToken));
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

        var response = await ResponseOf(survey, userId, cancellationToken);
        var participation = await db.Set<PulseParticipation>().SingleAsync(p => p.SurveyId == surveyId && p.Key == ParticipationKey(surveyId, userId), cancellationToken);
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
        return new AnswerOutcome(AnswerStatus.Recorded, view, await OwnAnswersOf(view, response, userId, cancellationToken));
    }

    /// <summary>The delivery that reached this person in this DM, or the reason they cannot answer.</summary>
    public async Task<(AnswerStatus Status, PulseSurvey? Survey)> CheckCanAnswer(string teamId, string userId, string? channelId, long surveyId, CancellationToken cancellationToken)
    {
        var survey = await db.Set<PulseSurvey>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.TeamId == teamId, cancellationToken);
        if (survey is null)
        {
            return (AnswerStatus.Invalid, null);
        }

        if (survey.ClosedAt is not null || time.GetUtcNow().UtcDateTime >= survey.ClosesAt)
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

        return (AnswerStatus.Recorded, survey);
    }

    private async Task<PulseResponse> ResponseOf(PulseSurvey survey, string userId, CancellationToken cancellationToken)
    {
        var key = ParticipationKey(survey.Id, userId);
        for (var attempt = 0; ; attempt++)
        {
            var participation = await db.Set<PulseParticipation>().AsNoTracking()
                .SingleOrDefaultAsync(p => p.SurveyId == survey.Id && p.Key == key, cancellationToken);
            if (participation is not null)
            {
                return await db.Set<PulseResponse>().SingleAsync(r => r.Id == participation.ResponseId, cancellationToken);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var response = new PulseResponse { TeamId = survey.TeamId, SurveyId = survey.Id };
            db.Add(response);
            await db.SaveChangesAsync(cancellationToken);
            var row = new PulseParticipation { TeamId = survey.TeamId, SurveyId = survey.Id, Key = key, ResponseId = response.Id };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.Entry(row).State = EntityState.Detached;
                return response;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // A simultaneous click by the same person created the participation first: use theirs.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The person's answers as they stand (for re-rendering their own DM); null when they have none.</summary>
    public async Task<OwnAnswers?> OwnAnswers(PulseSurveyView survey, string userId, CancellationToken cancellationToken)
    {
        var key = ParticipationKey(survey.Id, userId);
        var participation = await db.Set<PulseParticipation>().AsNoTracking().SingleOrDefaultAsync(p => p.SurveyId == survey.Id && p.Key == key, cancellationToken);
        if (participation is null)
        {
            return null;
        }

        var response = await db.Set<PulseResponse>().AsNoTracking().SingleAsync(r => r.Id == participation.ResponseId, cancellationToken);
        return new OwnAnswers(Enumerable.Range(0, survey.Questions.Count).Select(response.GetAnswer).ToArray(), response.Enps, participation.CommentId is not null);
    }

    private async Task<OwnAnswers> OwnAnswersOf(PulseSurveyView survey, PulseResponse response, string userId, CancellationToken cancellationToken) =>
        await OwnAnswers(survey, userId, cancellationToken)
        ?? new OwnAnswers(Enumerable.Range(0, survey.Questions.Count).Select(response.GetAnswer).ToArray(), response.Enps, false);

    /// <summary>
    /// Closes the survey in one transaction: counts, assigns each response to its team only where the team is shown
    /// (at or above the threshold; with exactly one team below it, the next-smallest is hidden too), re-inserts the
    /// responses and comments in random order, and deletes every participation and delivery row.
    /// </summary>
    public async Task Close(long surveyId, IReadOnlyList<string> teamGroupIds, UserGroupDirectory groups, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var survey = await db.Set<PulseSurvey>().SingleAsync(s => s.Id == surveyId, cancellationToken);
        if (survey.ClosedAt is not null)
        {
            return;
        }

        var deliveries = await db.Set<PulseDelivery>().AsNoTracking().Where(d => d.SurveyId == surveyId).ToListAsync(cancellationToken);
        var participations = await db.Set<PulseParticipation>().AsNoTracking().Where(p => p.SurveyId == surveyId)
            .ToDictionaryAsync(p => p.Key, p => p.ResponseId, cancellationToken);

        // Team of each responding person: the first configured team they belong to.
        var members = new List<(string GroupId, HashSet<string> Users)>();
        foreach (var groupId in teamGroupIds)
        {
            members.Add((groupId, (await groups.Members(survey.TeamId, groupId, cancellationToken)).ToHashSet(StringComparer.Ordinal)));
        }

        var teamOfResponse = new Dictionary<long, string>();
        foreach (var delivery in deliveries)
        {
            if (participations.TryGetValue(ParticipationKey(surveyId, delivery.UserId), out var responseId)
                && members.FirstOrDefault(m => m.Users.Contains(delivery.UserId)) is { GroupId: { } team })
            {
                teamOfResponse[responseId] = team;
            }
        }

        var shown = ShownTeams(teamOfResponse.Values.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()), survey.Threshold);

        var responses = await db.Set<PulseResponse>().Where(r => r.SurveyId == surveyId).ToListAsync(cancellationToken);
        var comments = await db.Set<PulseComment>().Where(c => c.SurveyId == surveyId).ToListAsync(cancellationToken);
        var kept = responses.Where(HasAnyAnswer).Select(r => new PulseResponse
        {
            TeamId = r.TeamId,
            SurveyId = r.SurveyId,
            Answer1 = r.Answer1,
            Answer2 = r.Answer2,
            Answer3 = r.Answer3,
            Answer4 = r.Answer4,
            Answer5 = r.Answer5,
            Enps = r.Enps,
            TeamGroupId = teamOfResponse.TryGetValue(r.Id, out var team) && shown.Contains(team) ? team : null,
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
        await db.SaveChangesAsync(cancellationToken);

        await db.Set<PulseParticipation>().Where(p => p.SurveyId == surveyId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<PulseDelivery>().Where(d => d.SurveyId == surveyId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        PulseLog.SurveyClosed(logger, surveyId, survey.DeliveredCount, survey.ResponseCount);
    }

    /// <summary>
    /// The teams whose rows may be shown: those at or above the threshold; when exactly one team with responses is
    /// below it, the smallest team above it is hidden too (else the total minus the shown teams would reveal it).
    /// </summary>
    internal static HashSet<string> ShownTeams(IReadOnlyDictionary<string, int> counts, int threshold)
    {
        var below = counts.Where(c => c.Value > 0 && c.Value < threshold).ToList();
        var above = counts.Where(c => c.Value >= threshold).OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (below.Count == 1 && above.Count > 0)
        {
            above.RemoveAt(0);
        }

        return above.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
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
