using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Workspaces;

/// <summary>A Slack workspace the bot is installed in, as auth.test last described it.</summary>
internal sealed class Workspace
{
    public string TeamId { get; set; } = string.Empty;

    public string? TeamName { get; set; }

    public string? Url { get; set; }

    /// <summary>The bot's own user ID (<c>U…</c>): its messages are never wins and it never gives or receives stars.</summary>
    public string BotUserId { get; set; } = string.Empty;

    public string? BotId { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime VerifiedAt { get; set; }
}

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.HasKey(w => w.TeamId);
        builder.Property(w => w.TeamId).HasMaxLength(32);
        builder.Property(w => w.BotUserId).HasMaxLength(32);
        builder.Property(w => w.BotId).HasMaxLength(32);
        builder.Property(w => w.TeamName).HasMaxLength(256);
        builder.Property(w => w.Url).HasMaxLength(512);
    }
}
