using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Stars;

internal enum StarReason
{
    /// <summary>The poster of a win.</summary>
    Win = 1,

    /// <summary>A colleague credited (mentioned) in a win.</summary>
    Credit = 2,

    /// <summary>A colleague's cheer (the cheer emoji) on a win.</summary>
    Cheer = 3,

    /// <summary>Undoes an earlier entry (<see cref="StarEntry.ReversesEntryId"/>); its amount is the negative of the original.</summary>
    Reversal = 4,

    /// <summary>Bonus stars for a manager's Customer Champion nomination.</summary>
    Champion = 5,
}

/// <summary>
/// One row of the append-only gold star ledger. Rows are never deleted and their stars never change: undoing a star
/// appends a <see cref="StarReason.Reversal"/>. Every balance and league table is a sum over these rows. The one
/// update is erasure (<c>/stars forget</c>), which replaces a person's ID with a pseudonym wherever it appears
/// (giver, receiver, natural key), so every sum stays what it was.
/// </summary>
internal sealed class StarEntry
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    /// <summary>
    /// The giver: the cheerer, or the poster for a credit (a colleague named in a win gets their star from the poster,
    /// counted against the poster's allowance). Null when the system gives (the stars for posting a win, a champion bonus,
    /// and credits recorded before credits counted as given).
    /// </summary>
    public string? GiverId { get; set; }

    public string ReceiverId { get; set; } = string.Empty;

    /// <summary>Positive for awards, negative for reversals.</summary>
    public int Amount { get; set; }

    public StarReason Reason { get; set; }

    /// <summary>The win the star is about, when there is one.</summary>
    public long? WinId { get; set; }

    /// <summary>For reversals: the entry being undone.</summary>
    public long? ReversesEntryId { get; set; }

    /// <summary>The Slack event (event_id) or interaction that caused the entry, for audit.</summary>
    public string? SourceEventId { get; set; }

    /// <summary>
    /// Idempotency key, unique per team: the same natural fact never pays twice, e.g.
    /// <c>win:42:poster</c>, <c>win:42:credit:U1</c>, <c>cheer:42:U2:1</c>, <c>reversal:1234</c>.
    /// </summary>
    public string NaturalKey { get; set; } = string.Empty;

    /// <summary>Ledger time (UTC). A star belongs to the period this instant falls in, in the company time zone.</summary>
    public DateTime CreatedAt { get; set; }
}

internal sealed class StarEntryConfiguration : IEntityTypeConfiguration<StarEntry>
{
    public void Configure(EntityTypeBuilder<StarEntry> builder)
    {
        builder.ToTable("star_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.TeamId).HasMaxLength(32);
        builder.Property(e => e.GiverId).HasMaxLength(32);
        builder.Property(e => e.ReceiverId).HasMaxLength(32);
        builder.Property(e => e.SourceEventId).HasMaxLength(128);
        builder.Property(e => e.NaturalKey).HasMaxLength(200);
        builder.Property(e => e.Reason).HasConversion<int>();
        builder.HasIndex(e => new { e.TeamId, e.NaturalKey }).IsUnique();
        builder.HasIndex(e => new { e.TeamId, e.CreatedAt, e.ReceiverId });
        builder.HasIndex(e => new { e.TeamId, e.ReceiverId, e.CreatedAt });
        builder.HasIndex(e => new { e.TeamId, e.GiverId, e.CreatedAt });
        builder.HasIndex(e => new { e.TeamId, e.WinId });
        builder.HasIndex(e => new { e.TeamId, e.ReversesEntryId });
        builder.HasIndex(e => new { e.TeamId, e.SourceEventId });
    }
}
