using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Champions;

/// <summary>
/// A manager's Customer Champion nomination. Kept when withdrawn (<see cref="WithdrawnAt"/>): the ledger holds the
/// bonus and its reversal, and the history shows both.
/// </summary>
internal sealed class ChampionNomination
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public string ManagerId { get; set; } = string.Empty;

    public string NomineeId { get; set; } = string.Empty;

    /// <summary>The reason in Slack markup (as a slash command delivers it). Echo with Mrkdwn.EscapeInbound.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The company-time-zone month the title is held for, <c>yyyy-MM</c>.</summary>
    public string Month { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    /// <summary>The ledger entry that paid the bonus stars (null when the bonus is 0).</summary>
    public long? BonusEntryId { get; set; }

    public DateTime? WithdrawnAt { get; set; }

    /// <summary>The ledger entry that reversed the bonus.</summary>
    public long? ReversalEntryId { get; set; }

    public DateTime? DmSentAt { get; set; }

    public string? AnnouncementChannelId { get; set; }

    public string? AnnouncementTs { get; set; }

    /// <summary>When the withdrawal was noted in the announcement's thread.</summary>
    public DateTime? WithdrawalNoticeAt { get; set; }

    /// <summary>
    /// Until when one run is sending this nomination's notices (<see cref="ChampionNotices"/>): while it is in the
    /// future, no other run (another instance's sweep, a second queue entry) sends them. Null when none is.
    /// </summary>
    public DateTime? NoticesClaimedUntil { get; set; }
}

internal sealed class ChampionNominationConfiguration : IEntityTypeConfiguration<ChampionNomination>
{
    public void Configure(EntityTypeBuilder<ChampionNomination> builder)
    {
        builder.ToTable("champion_nominations");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.TeamId).HasMaxLength(32);
        builder.Property(n => n.ManagerId).HasMaxLength(32);
        builder.Property(n => n.NomineeId).HasMaxLength(32);
        builder.Property(n => n.Reason).HasMaxLength(4000);
        builder.Property(n => n.Month).HasMaxLength(7);
        builder.Property(n => n.AnnouncementChannelId).HasMaxLength(32);
        builder.Property(n => n.AnnouncementTs).HasMaxLength(32);
        builder.HasIndex(n => new { n.TeamId, n.ManagerId, n.Month });
        builder.HasIndex(n => new { n.TeamId, n.Month });
        builder.HasIndex(n => new { n.TeamId, n.NomineeId });
        builder.HasIndex(n => new { n.TeamId, n.CreatedAt });
    }
}
