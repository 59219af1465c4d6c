using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SlackChampionBot.Features.Teams;

/// <summary>A Slack user group the bot was configured to follow (a team, the managers, HR, a pulse audience).</summary>
internal sealed class UserGroupRecord
{
    public string TeamId { get; set; } = string.Empty;

    /// <summary>Slack's ID, <c>S…</c>.</summary>
    public string GroupId { get; set; } = string.Empty;

    /// <summary>The @handle without the @.</summary>
    public string Handle { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public DateTime SyncedAt { get; set; }
}

/// <summary>One member of a followed user group, as of the last sync. A person can be in several groups.</summary>
internal sealed class UserGroupMember
{
    public string TeamId { get; set; } = string.Empty;

    public string GroupId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public DateTime SyncedAt { get; set; }
}

internal sealed class UserGroupRecordConfiguration : IEntityTypeConfiguration<UserGroupRecord>
{
    public void Configure(EntityTypeBuilder<UserGroupRecord> builder)
    {
        builder.ToTable("user_groups");
        builder.HasKey(g => new { g.TeamId, g.GroupId });
        builder.Property(g => g.TeamId).HasMaxLength(32);
        builder.Property(g => g.GroupId).HasMaxLength(32);
        builder.Property(g => g.Handle).HasMaxLength(128);
        builder.Property(g => g.Name).HasMaxLength(256);
        builder.HasIndex(g => new { g.TeamId, g.Handle });
    }
}

internal sealed class UserGroupMemberConfiguration : IEntityTypeConfiguration<UserGroupMember>
{
    public void Configure(EntityTypeBuilder<UserGroupMember> builder)
    {
        builder.ToTable("user_group_members");
        builder.HasKey(m => new { m.TeamId, m.GroupId, m.UserId });
        builder.Property(m => m.TeamId).HasMaxLength(32);
        builder.Property(m => m.GroupId).HasMaxLength(32);
        builder.Property(m => m.UserId).HasMaxLength(32);
        builder.HasIndex(m => new { m.TeamId, m.UserId });
    }
}
