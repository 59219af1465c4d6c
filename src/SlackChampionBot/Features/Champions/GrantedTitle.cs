using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// A title someone was granted: a Customer Champion month, a Champion of the Week, a milestone. Never deleted:
/// a revoked title keeps its row with <see cref="RevokedAt"/> so the history stays whole.
/// </summary>
internal sealed class GrantedTitle
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public TitleKind Kind { get; set; }

    /// <summary>As shown: "Customer Champion", "Customer Champion of the Week", "Customer Hero", …</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// Unique per team, so the same fact never grants twice: <c>champion:{nominationId}</c>,
    /// <c>week:{yyyy-MM-dd}</c>, <c>milestone:{userId}:{stars}</c>.
    /// </summary>
    public string NaturalKey { get; set; } = string.Empty;

    /// <summary>For titles held for a period (a month, a week): when it starts and ends (UTC); null for milestones.</summary>
    public DateTime? PeriodStart { get; set; }

    public DateTime? PeriodEnd { get; set; }

    public long? NominationId { get; set; }

    /// <summary>For milestones: the star total.</summary>
    public int? MilestoneStars { get; set; }

    /// <summary>For milestones: the win whose stars crossed it (the celebration goes in its thread).</summary>
    public long? WinId { get; set; }

    public DateTime GrantedAt { get; set; }

    /// <summary>For milestones: when the celebration was posted (claimed before posting, so it is posted once).</summary>
    public DateTime? CelebratedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}

internal sealed class GrantedTitleConfiguration : IEntityTypeConfiguration<GrantedTitle>
{
    public void Configure(EntityTypeBuilder<GrantedTitle> builder)
    {
        builder.ToTable("titles");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TeamId).HasMaxLength(32);
        builder.Property(t => t.UserId).HasMaxLength(32);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.NaturalKey).HasMaxLength(200);
        builder.Property(t => t.RevokedBy).HasMaxLength(32);
        builder.Property(t => t.Kind).HasConversion<int>();
        builder.HasIndex(t => new { t.TeamId, t.NaturalKey }).IsUnique();
        builder.HasIndex(t => new { t.TeamId, t.UserId, t.GrantedAt });
        builder.HasIndex(t => new { t.TeamId, t.Kind, t.PeriodStart });
    }
}
