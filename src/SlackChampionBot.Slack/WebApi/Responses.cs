namespace SlackChampionBot.Slack.WebApi;

public sealed class ResponseMetadata
{
    public string? NextCursor { get; set; }

    public IList<string>? Messages { get; set; }
}

public sealed class AuthTestResponse
{
    public string? Url { get; set; }

    public string? Team { get; set; }

    public string? User { get; set; }

    public string TeamId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public string? BotId { get; set; }

    public string? EnterpriseId { get; set; }

    public bool? IsEnterpriseInstall { get; set; }
}

public sealed class PostMessageResponse
{
    public string? Channel { get; set; }

    /// <summary>The new message's ts (chat.postMessage).</summary>
    public string? Ts { get; set; }

    /// <summary>The ephemeral message's ts (chat.postEphemeral).</summary>
    public string? MessageTs { get; set; }
}

/// <summary>What chat.update answers (SlackNet's name and shape).</summary>
public sealed class MessageUpdateResponse
{
    public string? Channel { get; set; }

    public string? Ts { get; set; }

    public string? Text { get; set; }
}

public sealed class MessageTsResponse
{
    public string? Channel { get; set; }

    public string? Ts { get; set; }

    public string? Text { get; set; }
}

public sealed class PermalinkResponse
{
    public string? Channel { get; set; }

    public string Permalink { get; set; } = string.Empty;
}

public sealed class ConversationMembersResponse
{
    public IList<string> Members { get; set; } = [];

    public ResponseMetadata? ResponseMetadata { get; set; }
}

public sealed class Conversation
{
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }

    public bool IsChannel { get; set; }

    public bool IsGroup { get; set; }

    public bool IsIm { get; set; }

    public bool IsMpim { get; set; }

    public bool IsPrivate { get; set; }

    public bool IsArchived { get; set; }

    public bool IsMember { get; set; }

    public int? NumMembers { get; set; }

    public string? User { get; set; }
}

public sealed class UserProfile
{
    public string? DisplayName { get; set; }

    public string? RealName { get; set; }

    public string? Email { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("image_48")]
    public string? Image48 { get; set; }
}

/// <summary>A Slack user (users.info / users.list). <see cref="Tz"/> is an IANA zone such as <c>America/Los_Angeles</c>.</summary>
public sealed class User
{
    public string Id { get; set; } = string.Empty;

    public string? TeamId { get; set; }

    public string? Name { get; set; }

    public string? RealName { get; set; }

    public bool Deleted { get; set; }

    public string? Tz { get; set; }

    public string? TzLabel { get; set; }

    /// <summary>Seconds from UTC, as Slack last computed it.</summary>
    public int? TzOffset { get; set; }

    public UserProfile? Profile { get; set; }

    public bool IsBot { get; set; }

    public bool IsAppUser { get; set; }

    public bool IsAdmin { get; set; }

    public bool IsOwner { get; set; }

    /// <summary>Multi-channel guest.</summary>
    public bool IsRestricted { get; set; }

    /// <summary>Single-channel guest.</summary>
    public bool IsUltraRestricted { get; set; }

    public long? Updated { get; set; }

    /// <summary>The name to show: display name, else real name, else handle.</summary>
    public string DisplayName =>
        !string.IsNullOrWhiteSpace(Profile?.DisplayName) ? Profile.DisplayName
        : !string.IsNullOrWhiteSpace(Profile?.RealName) ? Profile.RealName
        : RealName ?? Name ?? Id;
}

public sealed class UserListResponse
{
    public IList<User> Members { get; set; } = [];

    public ResponseMetadata? ResponseMetadata { get; set; }
}

public sealed class UserGroup
{
    public string Id { get; set; } = string.Empty;

    public string? TeamId { get; set; }

    public string? Name { get; set; }

    public string? Handle { get; set; }

    public string? Description { get; set; }

    public long? DateDelete { get; set; }

    public int? UserCount { get; set; }

    public IList<string>? Users { get; set; }
}

public sealed class ViewResponse
{
    public Interaction.ViewInfo View { get; set; } = new();
}

public sealed class UploadUrlExternalResponse
{
    public string UploadUrl { get; set; } = string.Empty;

    public string FileId { get; set; } = string.Empty;
}

public sealed class ExternalFileReference
{
    public string Id { get; set; } = string.Empty;

    public string? Title { get; set; }
}

public sealed class CompleteUploadExternalResponse
{
    public IList<ExternalFileReference> Files { get; set; } = [];
}

public sealed class ConnectionOpenResponse
{
    public string Url { get; set; } = string.Empty;
}
