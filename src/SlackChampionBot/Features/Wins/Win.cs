using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Wins;

internal enum LifecycleStage
{
    Interest = 1,
    PreOrder = 2,
    Order = 3,
    Fulfilment = 4,
    Returns = 5,
    Support = 6,
}

internal enum ExperienceKind
{
    BrandAndMarketing = 1,
    Service = 2,
}

/// <summary>
/// How far a win's celebration (the thread reply, then the star reaction) got, so that an event run again after a stop
/// finishes it without ever posting the reply twice.
/// </summary>
internal enum CelebrationState
{
    /// <summary>Finished (the reply and the reaction were tried), or a win from before this was kept (the column's default).</summary>
    Done = 0,

    /// <summary>Nothing sent yet: whichever run of the event gets here first posts the reply.</summary>
    Pending = 1,

    /// <summary>The reply was sent, refused, or its outcome is unknown: it is never sent again; the reaction is still due.</summary>
    Replied = 2,
}

internal enum WinSource
{
    /// <summary>A tagged message in a wins channel.</summary>
    Message = 1,

    /// <summary>The /win form (posted by the bot on the poster's behalf).</summary>
    Form = 2,
}

/// <summary>A customer win: a story about a customer, posted in Slack, that earns gold stars.</summary>
internal sealed class Win
{
    /// <summary>The longest text kept: Slack's own limit for a message's text.</summary>
    public const int MaxTextLength = 40_000;

    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public string ChannelId { get; set; } = string.Empty;

    /// <summary>The message's ts: with the channel, Slack's identity of the message.</summary>
    public string MessageTs { get; set; } = string.Empty;

    public string PosterId { get; set; } = string.Empty;

    /// <summary>The text as Slack sent it (Slack markup). Escape with Mrkdwn.EscapeInbound before echoing.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>
    /// <paramref name="text"/> cut to <see cref="MaxTextLength"/>, never inside a surrogate pair. A message's text is
    /// within Slack's limit, but an edited one or a form's story once escaped can be longer, and PostgreSQL refuses a
    /// value longer than its column (SQLite stores it anyway): the win is kept with its text cut, on both.
    /// </summary>
    public static string FitText(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        if (text.Length <= MaxTextLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
        return text[..length];
    }

    public string? Customer { get; set; }

    public LifecycleStage? Stage { get; set; }

    public ExperienceKind? Experience { get; set; }

    /// <summary>The KPI the poster says it moved (NPS, complaints, effort, retention, …).</summary>
    public string? Kpi { get; set; }

    public string? Permalink { get; set; }

    public WinSource Source { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set when the message was deleted (its stars are reversed; the row stays for the audit trail).</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>The <c>edited.ts</c> of the last edit applied; older or repeated edits are ignored (Slack may deliver them late or twice).</summary>
    public string? LastEditTs { get; set; }

    /// <summary>The ts of the bot's celebration reply in the win's thread, kept so the reply can be updated (chat.update).</summary>
    public string? ReplyTs { get; set; }

    /// <summary>How far the celebration got (<see cref="WinAnnouncer.Celebrate"/>); a new win starts with none sent.</summary>
    public CelebrationState Celebration { get; set; } = CelebrationState.Pending;

    public List<WinCredit> Credits { get; set; } = [];
}

/// <summary>A colleague credited in a win (mentioned, not the poster, not a bot). Removed when an edit drops them.</summary>
internal sealed class WinCredit
{
    public long WinId { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;
}

internal sealed class WinConfiguration : IEntityTypeConfiguration<Win>
{
    public void Configure(EntityTypeBuilder<Win> builder)
    {
        builder.ToTable("wins");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.TeamId).HasMaxLength(32);
        builder.Property(w => w.ChannelId).HasMaxLength(32);
        builder.Property(w => w.MessageTs).HasMaxLength(32);
        builder.Property(w => w.PosterId).HasMaxLength(32);
        builder.Property(w => w.Text).HasMaxLength(Win.MaxTextLength);
        builder.Property(w => w.Customer).HasMaxLength(256);
        builder.Property(w => w.Kpi).HasMaxLength(256);
        builder.Property(w => w.Permalink).HasMaxLength(1024);
        builder.Property(w => w.LastEditTs).HasMaxLength(32);
        builder.Property(w => w.ReplyTs).HasMaxLength(32);
        builder.Property(w => w.Stage).HasConversion<int?>();
        builder.Property(w => w.Experience).HasConversion<int?>();
        builder.Property(w => w.Source).HasConversion<int>();
        builder.Property(w => w.Celebration).HasConversion<int>();
        builder.HasIndex(w => new { w.TeamId, w.ChannelId, w.MessageTs }).IsUnique();
        builder.HasIndex(w => new { w.TeamId, w.PosterId, w.CreatedAt });
        builder.HasIndex(w => new { w.TeamId, w.CreatedAt });
        builder.HasMany(w => w.Credits).WithOne().HasForeignKey(c => c.WinId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WinCreditConfiguration : IEntityTypeConfiguration<WinCredit>
{
    public void Configure(EntityTypeBuilder<WinCredit> builder)
    {
        builder.ToTable("win_credits");
        builder.HasKey(c => new { c.WinId, c.UserId });
        builder.Property(c => c.TeamId).HasMaxLength(32);
        builder.Property(c => c.UserId).HasMaxLength(32);
        builder.HasIndex(c => new { c.TeamId, c.UserId });
    }
}
