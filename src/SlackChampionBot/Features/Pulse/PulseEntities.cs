using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Pulse;

/// <summary>One pulse survey, its questions frozen when it opens. The database says where it is in its life.</summary>
internal sealed class PulseSurvey
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    /// <summary>1, 2, 3… per workspace: every <c>EnpsEverySurveys</c>-th survey asks the eNPS question.</summary>
    public int Number { get; set; }

    /// <summary>The agreement statements, frozen (JSON array of strings).</summary>
    public string QuestionsJson { get; set; } = "[]";

    public bool IncludesEnps { get; set; }

    public bool AllowComment { get; set; }

    /// <summary>The anonymity threshold in force when the survey opened (results never use a lower one).</summary>
    public int Threshold { get; set; }

    /// <summary>
    /// When the survey opens in the company zone (<c>Pulse:LocalSendTime</c> on the opening day, or the moment of
    /// <c>/pulse send-now</c>); its company date is the opening day everyone gets it on, each at their own hour.
    /// </summary>
    public DateTime OpenedAt { get; set; }

    /// <summary>
    /// The local time each person gets the survey at on the opening day (<c>Pulse:LocalSendTime</c>, frozen when the
    /// survey is prepared); null for a survey sent now (<c>/pulse send-now</c>): each person at once, or at the next
    /// 08:00 their time.
    /// </summary>
    public TimeOnly? LocalSendTime { get; set; }

    /// <summary>The first reminder due (the earliest of the recipients' own reminder times).</summary>
    public DateTime RemindAt { get; set; }

    /// <summary>When the last recipient's own window ends: the survey closes (and its results freeze) then.</summary>
    public DateTime ClosesAt { get; set; }

    /// <summary>Set once the audience is resolved and a delivery row exists for each recipient.</summary>
    public DateTime? AudienceResolvedAt { get; set; }

    public DateTime? RemindedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>DMs delivered (or possibly delivered), counted at close.</summary>
    public int DeliveredCount { get; set; }

    public int ResponseCount { get; set; }

    /// <summary>
    /// The random key of this survey's participation keys (32 bytes), made when it opens and set to null in the closing
    /// transaction: it exists nowhere else (not in configuration, not in a backup taken after close), so once it is gone
    /// nobody can recompute which key was whose. Null on a survey opened before per-survey salts existed.
    /// </summary>
    public byte[]? Salt { get; set; }

    /// <summary>
    /// When the clean-up after close finished: every survey DM updated to the closed text, every reminder deleted, every
    /// delivery row gone and the WAL checkpointed (truncated). Null from close until then.
    /// </summary>
    public DateTime? CleanedUpAt { get; set; }
}

internal enum PulseDeliveryState
{
    Pending = 0,

    /// <summary>Claimed by a sender (conversations.open may run; nothing visible sent yet).</summary>
    Opening = 1,

    /// <summary>Recorded just before chat.postMessage: if the process dies now, the DM may exist, so it is never retried.</summary>
    Posting = 2,

    Sent = 3,

    /// <summary>Slack refused the DM for good (user gone, cannot DM).</summary>
    Failed = 4,
}

/// <summary>
/// A survey DM to one person: names the recipient (for resuming the fan-out and for the one reminder) and never an
/// answer. At close the rows without a DM to tidy are deleted and the others lose their team; each of those goes once
/// the clean-up has updated its DM to the closed text and deleted its reminder (so Slack keeps nothing that depends on
/// whether or how the person answered).
/// </summary>
internal sealed class PulseDelivery
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public long SurveyId { get; set; }

    public string UserId { get; set; } = string.Empty;

    public PulseDeliveryState State { get; set; }

    public DateTime? ClaimedAt { get; set; }

    public string? ChannelId { get; set; }

    public string? MessageTs { get; set; }

    public PulseDeliveryState ReminderState { get; set; }

    /// <summary>The reminder DM, deleted at close: only people who had not answered got one.</summary>
    public string? ReminderTs { get; set; }

    /// <summary>
    /// The recipient's team, frozen when the audience is resolved (the first team in <c>Leaderboards:Teams</c> they
    /// belong to): at close this, not the user groups of that day, decides the team rows, so editing the groups while
    /// the survey is open cannot single anyone out. Null for no team, and cleared at close.
    /// </summary>
    public string? TeamGroupId { get; set; }

    /// <summary>When this person's DM goes: <c>Pulse:LocalSendTime</c> on the opening day in their own zone, inside 08:00-18:00 there. Null on rows from before per-person times: now.</summary>
    public DateTime? SendAt { get; set; }

    /// <summary>This person's one reminder, inside their 08:00-18:00; not sent when it is not before <see cref="ClosesAt"/>. Null: the survey's.</summary>
    public DateTime? RemindAt { get; set; }

    /// <summary>The end of this person's window (the DM says it in their own time); answers after it are refused. Null: the survey's.</summary>
    public DateTime? ClosesAt { get; set; }

    /// <summary>Failed attempts to tidy this DM after close; the clean-up gives up after <see cref="PulseCloser.MaxAttempts"/>.</summary>
    public int CleanUpAttempts { get; set; }
}

/// <summary>
/// Proof that someone took part, without saying who: <see cref="Key"/> is an HMAC of survey and user keyed with the
/// survey's own <see cref="PulseSurvey.Salt"/>. Holds the response (and comment) row while the survey is open so a
/// person can change their answer; deleted at close with the salt, and with them the only link between a person and a
/// response.
/// </summary>
internal sealed class PulseParticipation
{
    public string TeamId { get; set; } = string.Empty;

    public long SurveyId { get; set; }

    public string Key { get; set; } = string.Empty;

    public long ResponseId { get; set; }

    public long? CommentId { get; set; }
}

/// <summary>One person's answers: no user, no time. <see cref="TeamGroupId"/> is set at close, only for a team shown.</summary>
internal sealed class PulseResponse
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public long SurveyId { get; set; }

    public int? Answer1 { get; set; }

    public int? Answer2 { get; set; }

    public int? Answer3 { get; set; }

    public int? Answer4 { get; set; }

    public int? Answer5 { get; set; }

    public int? Enps { get; set; }

    public string? TeamGroupId { get; set; }

    public int? GetAnswer(int index) => index switch
    {
        0 => Answer1,
        1 => Answer2,
        2 => Answer3,
        3 => Answer4,
        4 => Answer5,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public void SetAnswer(int index, int value)
    {
        switch (index)
        {
            case 0: Answer1 = value; break;
            case 1: Answer2 = value; break;
            case 2: Answer3 = value; break;
            case 3: Answer4 = value; break;
            case 4: Answer5 = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(index));
        }
    }
}

/// <summary>An anonymous comment: no user, no time, no link to a response once the survey closes.</summary>
internal sealed class PulseComment
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public long SurveyId { get; set; }

    public string Text { get; set; } = string.Empty;
}

internal sealed class PulseSurveyConfiguration : IEntityTypeConfiguration<PulseSurvey>
{
    public void Configure(EntityTypeBuilder<PulseSurvey> builder)
    {
        builder.ToTable("pulse_surveys");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.TeamId).HasMaxLength(32);
        builder.HasIndex(s => new { s.TeamId, s.Number }).IsUnique();
        builder.HasIndex(s => new { s.TeamId, s.ClosedAt });
    }
}

internal sealed class PulseDeliveryConfiguration : IEntityTypeConfiguration<PulseDelivery>
{
    public void Configure(EntityTypeBuilder<PulseDelivery> builder)
    {
        builder.ToTable("pulse_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.TeamId).HasMaxLength(32);
        builder.Property(d => d.UserId).HasMaxLength(32);
        builder.Property(d => d.ChannelId).HasMaxLength(32);
        builder.Property(d => d.MessageTs).HasMaxLength(32);
        builder.Property(d => d.ReminderTs).HasMaxLength(32);
        builder.Property(d => d.TeamGroupId).HasMaxLength(32);
        builder.Property(d => d.State).HasConversion<int>();
        builder.Property(d => d.ReminderState).HasConversion<int>();
        builder.HasIndex(d => new { d.SurveyId, d.UserId }).IsUnique();
        builder.HasIndex(d => new { d.SurveyId, d.State, d.SendAt });
    }
}

internal sealed class PulseParticipationConfiguration : IEntityTypeConfiguration<PulseParticipation>
{
    public void Configure(EntityTypeBuilder<PulseParticipation> builder)
    {
        builder.ToTable("pulse_participations");
        builder.HasKey(p => new { p.SurveyId, p.Key });
        builder.Property(p => p.TeamId).HasMaxLength(32);
        builder.Property(p => p.Key).HasMaxLength(64);
    }
}

internal sealed class PulseResponseConfiguration : IEntityTypeConfiguration<PulseResponse>
{
    public void Configure(EntityTypeBuilder<PulseResponse> builder)
    {
        builder.ToTable("pulse_responses");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TeamId).HasMaxLength(32);
        builder.Property(r => r.TeamGroupId).HasMaxLength(32);
        builder.HasIndex(r => r.SurveyId);
    }
}

internal sealed class PulseCommentConfiguration : IEntityTypeConfiguration<PulseComment>
{
    public void Configure(EntityTypeBuilder<PulseComment> builder)
    {
        builder.ToTable("pulse_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.TeamId).HasMaxLength(32);
        builder.Property(c => c.Text).HasMaxLength(2000);
        builder.HasIndex(c => c.SurveyId);
    }
}
