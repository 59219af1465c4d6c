using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Stars;

/// <summary>
/// A star a fair-play limit stopped (the daily allowance, the monthly cap per pair, the credits a win pays, the wins
/// a day that pay), kept so that HR's export can count refusals beside the ledger. Refusals that are not about
/// farming (a self-star, a bot, a guest, the bot's own celebration reaction) are not kept: they are noise, not a
/// pattern. Like the ledger, a row is written once per natural fact (<see cref="NaturalKey"/>).
/// </summary>
internal sealed class RefusedStar
{
    public long Id { get; set; }

    public string TeamId { get; set; } = string.Empty;

    /// <summary>Who the limit stopped: the giver of a cheer or a credit, or the poster of a win that did not pay.</summary>
    public string GiverId { get; set; } = string.Empty;

    /// <summary>Who would have received the stars (the poster themselves for a win that did not pay).</summary>
    public string ReceiverId { get; set; } = string.Empty;

    public StarRefusal Rule { get; set; }

    /// <summary>The stars that did not pay.</summary>
    public int Stars { get; set; }

    public long? WinId { get; set; }

    /// <summary>Unique per team: <c>refusal:{rule}:{receiver}:{event or interaction}</c>.</summary>
    public string NaturalKey { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}

internal sealed class RefusedStarConfiguration : IEntityTypeConfiguration<RefusedStar>
{
    public void Configure(EntityTypeBuilder<RefusedStar> builder)
    {
        builder.ToTable("star_refusals");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TeamId).HasMaxLength(32);
        builder.Property(r => r.GiverId).HasMaxLength(32);
        builder.Property(r => r.ReceiverId).HasMaxLength(32);
        builder.Property(r => r.NaturalKey).HasMaxLength(300);
        builder.Property(r => r.Rule).HasConversion<int>();
        builder.HasIndex(r => new { r.TeamId, r.NaturalKey }).IsUnique();
        builder.HasIndex(r => new { r.TeamId, r.CreatedAt });
        builder.HasIndex(r => new { r.TeamId, r.GiverId });
        builder.HasIndex(r => new { r.TeamId, r.ReceiverId });
    }
}
