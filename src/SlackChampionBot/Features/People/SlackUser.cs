using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.People;

/// <summary>
/// What the bot remembers about a Slack user from users.info: enough for fair play (time zone, bot, guest),
/// eligibility (deactivated) and rendering (display name). Refreshed when older than a day.
/// </summary>
internal sealed class SlackUser
{
    public string TeamId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>IANA time zone from Slack (<c>tz</c>), e.g. <c>America/Los_Angeles</c>; null when Slack has none.</summary>
    public string? TimeZone { get; set; }

    public bool IsBot { get; set; }

    public bool IsDeleted { get; set; }

    /// <summary>A multi- or single-channel guest.</summary>
    public bool IsGuest { get; set; }

    public DateTime FetchedAt { get; set; }

    /// <summary>The user's zone, or the company zone when Slack gave none (or one this machine does not know).</summary>
    public TimeZoneInfo ZoneOr(TimeZoneInfo fallback) =>
        TimeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : fallback;
}

internal sealed class SlackUserConfiguration : IEntityTypeConfiguration<SlackUser>
{
    public void Configure(EntityTypeBuilder<SlackUser> builder)
    {
        builder.ToTable("slack_users");
        builder.HasKey(u => new { u.TeamId, u.UserId });
        builder.Property(u => u.TeamId).HasMaxLength(32);
        builder.Property(u => u.UserId).HasMaxLength(32);
        builder.Property(u => u.DisplayName).HasMaxLength(256);
        builder.Property(u => u.TimeZone).HasMaxLength(64);
    }
}
