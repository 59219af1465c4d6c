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

    /// <summary>When the members were last copied from Slack (or the group was found gone).</summary>
    public DateTime SyncedAt { get; set; }

    /// <summary>Only an active group has members; a disabled or vanished one keeps its row, with none.</summary>
    public UserGroupState State { get; set; } = UserGroupState.Active;
}

internal enum UserGroupState
{
    Active = 0,

    /// <summary>Slack lists it as disabled (<c>date_delete</c> set).</summary>
    Disabled = 1,

    /// <summary>Slack no longer lists it, or answered <c>no_such_subteam</c> for it.</summary>
    Gone = 2,
}

/// <summary>
/// A configured handle, resolved once to the group that had it: from then on the bot follows that group by ID, so a
/// renamed group keeps its role and a new group that takes the handle later does not get it.
/// </summary>
internal sealed class UserGroupHandle
{
    public string TeamId { get; set; } = string.Empty;

    /// <summary>The handle as configured, lower case, without the @.</summary>
    public string Handle { get; set; } = string.Empty;

    public string GroupId { get; set; } = string.Empty;

    public DateTime ResolvedAt { get; set; }
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
        builder.Property(g => g.State).HasConversion<int>();
        builder.HasIndex(g => new { g.TeamId, g.Handle });
    }
}

internal sealed class UserGroupHandleConfiguration : IEntityTypeConfiguration<UserGroupHandle>
{
    public void Configure(EntityTypeBuilder<UserGroupHandle> builder)
    {
        builder.ToTable("user_group_handles");
        builder.HasKey(h => new { h.TeamId, h.Handle });
        builder.Property(h => h.TeamId).HasMaxLength(32);
        builder.Property(h => h.Handle).HasMaxLength(128);
        builder.Property(h => h.GroupId).HasMaxLength(32);
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
