using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// A summary of the star ledger: one receiver's net stars in one period bucket (week, month, quarter starting at a
/// local date in the company time zone, or all time). Derived data: <see cref="StarTotals"/> folds new ledger entries in
/// (tracked by <see cref="LeaderboardWatermark"/>) and can rebuild it from the ledger at any time.
/// </summary>
internal sealed class StarPeriodTotal
{
    public string TeamId { get; set; } = string.Empty;

    public PeriodKind Kind { get; set; }

    /// <summary>The local date the period starts (<see cref="Periods.AllTimeStart"/> for all time).</summary>
    public DateOnly PeriodStart { get; set; }

    public string ReceiverId { get; set; } = string.Empty;

    public int Stars { get; set; }
}

/// <summary>How far <see cref="StarPeriodTotal"/> has read the (append-only) ledger, and in which time zone it bucketed.</summary>
internal sealed class LeaderboardWatermark
{
    public string TeamId { get; set; } = string.Empty;

    public long LastEntryId { get; set; }

    public string TimeZone { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Someone who asked (<c>/stars hide</c>) to be left out of public tables; they keep collecting stars.</summary>
internal sealed class LeaderboardOptOut
{
    public string TeamId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public DateTime OptedOutAt { get; set; }
}

internal enum WeeklyPostState
{
    /// <summary>Archived and claimed for this week; not sent yet.</summary>
    Pending = 1,

    /// <summary>chat.postMessage is (or was, when the process stopped) in flight: the outcome is unknown until marked.</summary>
    Posting = 2,

    /// <summary>Slack definitely refused or was not reached; the next run posts again.</summary>
    Failed = 3,

    /// <summary>In the channel; <see cref="WeeklyPost.MessageTs"/> says where.</summary>
    Posted = 4,
}

/// <summary>The weekly leaderboard post of one ISO week: at most one per week, whatever the scheduler does.</summary>
internal sealed class WeeklyPost
{
    public string TeamId { get; set; } = string.Empty;

    /// <summary>The Monday (company time zone) of the ISO week.</summary>
    public DateOnly WeekStart { get; set; }

    public WeeklyPostState State { get; set; }

    /// <summary>The scheduled time the post is for: the table counts stars up to this instant.</summary>
    public DateTime DueAt { get; set; }

    public DateTime ClaimedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime? PostedAt { get; set; }

    public string? ChannelId { get; set; }

    public string? MessageTs { get; set; }

    public string? ChampionUserId { get; set; }

    public string? LastError { get; set; }
}

/// <summary>One row of an archived weekly table (as posted), so last week's board can be shown again.</summary>
internal sealed class WeeklySnapshotRow
{
    public string TeamId { get; set; } = string.Empty;

    public DateOnly WeekStart { get; set; }

    public string UserId { get; set; } = string.Empty;

    public int Rank { get; set; }

    public int Stars { get; set; }
}

internal sealed class StarPeriodTotalConfiguration : IEntityTypeConfiguration<StarPeriodTotal>
{
    public void Configure(EntityTypeBuilder<StarPeriodTotal> builder)
    {
        builder.ToTable("star_period_totals");
        builder.HasKey(t => new { t.TeamId, t.Kind, t.PeriodStart, t.ReceiverId });
        builder.Property(t => t.TeamId).HasMaxLength(32);
        builder.Property(t => t.ReceiverId).HasMaxLength(32);
        builder.Property(t => t.Kind).HasConversion<int>();

        // Top N straight from the index in display order (stars high to low, then receiver), no sort;
        // a caller's rank is a range count on it.
        builder.HasIndex(t => new { t.TeamId, t.Kind, t.PeriodStart, t.Stars, t.ReceiverId })
            .IsDescending(false, false, false, true, false)
            .HasDatabaseName("ix_star_period_totals_board");
    }
}

internal sealed class LeaderboardWatermarkConfiguration : IEntityTypeConfiguration<LeaderboardWatermark>
{
    public void Configure(EntityTypeBuilder<LeaderboardWatermark> builder)
    {
        builder.ToTable("leaderboard_watermarks");
        builder.HasKey(w => w.TeamId);
        builder.Property(w => w.TeamId).HasMaxLength(32);
        builder.Property(w => w.TimeZone).HasMaxLength(64);
    }
}

internal sealed class LeaderboardOptOutConfiguration : IEntityTypeConfiguration<LeaderboardOptOut>
{
    public void Configure(EntityTypeBuilder<LeaderboardOptOut> builder)
    {
        builder.ToTable("leaderboard_opt_outs");
        builder.HasKey(o => new { o.TeamId, o.UserId });
        builder.Property(o => o.TeamId).HasMaxLength(32);
        builder.Property(o => o.UserId).HasMaxLength(32);
    }
}

internal sealed class WeeklyPostConfiguration : IEntityTypeConfiguration<WeeklyPost>
{
    public void Configure(EntityTypeBuilder<WeeklyPost> builder)
    {
        builder.ToTable("weekly_posts");
        builder.HasKey(p => new { p.TeamId, p.WeekStart });
        builder.Property(p => p.TeamId).HasMaxLength(32);
        builder.Property(p => p.State).HasConversion<int>();
        builder.Property(p => p.ChannelId).HasMaxLength(80);
        builder.Property(p => p.MessageTs).HasMaxLength(32);
        builder.Property(p => p.ChampionUserId).HasMaxLength(32);
        builder.Property(p => p.LastError).HasMaxLength(500);
    }
}

internal sealed class WeeklySnapshotRowConfiguration : IEntityTypeConfiguration<WeeklySnapshotRow>
{
    public void Configure(EntityTypeBuilder<WeeklySnapshotRow> builder)
    {
        builder.ToTable("weekly_snapshots");
        builder.HasKey(s => new { s.TeamId, s.WeekStart, s.UserId });
        builder.Property(s => s.TeamId).HasMaxLength(32);
        builder.Property(s => s.UserId).HasMaxLength(32);
        builder.HasIndex(s => new { s.TeamId, s.WeekStart, s.Rank });
    }
}
