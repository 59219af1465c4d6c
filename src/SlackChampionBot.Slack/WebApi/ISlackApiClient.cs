using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>
/// Slack's Web API, by method family. Mirrors SlackNet's ISlackApiClient: families by name, method names without
/// the family prefix, a trailing CancellationToken, and <see cref="SlackException"/> for <c>ok:false</c>.
/// The implementation waits out 429s (<c>Retry-After</c>), retries 5xx and timeouts with jittered backoff, and paces
/// calls per method tier and <c>chat.postMessage</c> per channel.
/// </summary>
public interface ISlackApiClient
{
    IAuthApi Auth { get; }

    IChatApi Chat { get; }

    IConversationsApi Conversations { get; }

    IReactionsApi Reactions { get; }

    IUsersApi Users { get; }

    IUserGroupsApi UserGroups { get; }

    IUserGroupUsersApi UserGroupUsers { get; }

    IViewsApi Views { get; }

    IFilesApi Files { get; }

    IAppsConnectionsApi AppsConnectionsApi { get; }
}

public interface IAuthApi
{
    /// <summary>auth.test: who the bot token belongs to.</summary>
    Task<AuthTestResponse> Test(CancellationToken cancellationToken = default);
}

public interface IChatApi
{
    /// <summary>chat.postMessage. <see cref="Message.Channel"/> is required.</summary>
    Task<PostMessageResponse> PostMessage(Message message, CancellationToken cancellationToken = default);

    /// <summary>chat.postEphemeral: a message only <paramref name="userId"/> sees, in <see cref="Message.Channel"/>.</summary>
    Task<PostMessageResponse> PostEphemeral(string userId, Message message, CancellationToken cancellationToken = default);

    /// <summary>chat.update.</summary>
    Task<MessageUpdateResponse> Update(MessageUpdate messageUpdate, CancellationToken cancellationToken = default);

    /// <summary>chat.getPermalink.</summary>
    Task<PermalinkResponse> GetPermalink(string channelId, string messageTs, CancellationToken cancellationToken = default);

    /// <summary>chat.delete: one of the bot's own messages. Mirrors SlackNet's <c>Chat.Delete(ts, channelId)</c>.</summary>
    Task<MessageTsResponse> Delete(string ts, string channelId, CancellationToken cancellationToken = default);
}

public interface IConversationsApi
{
    /// <summary>conversations.open: the DM (or group DM) channel ID with these users.</summary>
    Task<string> Open(IEnumerable<string> userIds, CancellationToken cancellationToken = default);

    /// <summary>conversations.members: one page of member IDs.</summary>
    Task<ConversationMembersResponse> Members(string channelId, string? cursor = null, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary>conversations.info.</summary>
    Task<Conversation> Info(string channelId, bool includeLocale = false, bool includeNumMembers = false, CancellationToken cancellationToken = default);
}

public interface IReactionsApi
{
    /// <summary>reactions.add on a message.</summary>
    Task AddToMessage(string name, string channelId, string ts, CancellationToken cancellationToken = default);
}

public interface IUsersApi
{
    /// <summary>users.info.</summary>
    Task<User> Info(string userId, bool includeLocale = false, CancellationToken cancellationToken = default);

    /// <summary>users.list: one page.</summary>
    Task<UserListResponse> List(string? cursor = null, bool includeLocale = false, int limit = 0, CancellationToken cancellationToken = default);
}

public interface IUserGroupsApi
{
    /// <summary>usergroups.list.</summary>
    Task<IReadOnlyList<UserGroup>> List(bool includeCount = false, bool includeDisabled = false, bool includeUsers = false, CancellationToken cancellationToken = default);
}

public interface IUserGroupUsersApi
{
    /// <summary>usergroups.users.list: the member IDs of a user group.</summary>
    Task<IReadOnlyList<string>> List(string userGroupId, bool includeDisabled = false, CancellationToken cancellationToken = default);
}

public interface IViewsApi
{
    /// <summary>views.open (the trigger_id expires 3 seconds after the interaction).</summary>
    Task<ViewResponse> Open(string triggerId, ViewDefinition view, CancellationToken cancellationToken = default);

    /// <summary>views.publish: a user's Home tab.</summary>
    Task<ViewResponse> Publish(string userId, HomeViewDefinition view, string? hash = null, CancellationToken cancellationToken = default);

    /// <summary>views.update by external_id.</summary>
    Task<ViewResponse> Update(ViewDefinition view, string externalId, string? hash = null, CancellationToken cancellationToken = default);

    /// <summary>views.update by view_id.</summary>
    Task<ViewResponse> UpdateByViewId(ViewDefinition view, string viewId, string? hash = null, CancellationToken cancellationToken = default);
}

public interface IFilesApi
{
    /// <summary>files.getUploadURLExternal.</summary>
    Task<UploadUrlExternalResponse> GetUploadUrlExternal(string fileName, int length, string? altText = null, string? snippetType = null, CancellationToken cancellationToken = default);

    /// <summary>files.completeUploadExternal.</summary>
    Task<CompleteUploadExternalResponse> CompleteUploadExternal(IEnumerable<ExternalFileReference> files, string? channelId = null, string? initialComment = null, string? threadTs = null, CancellationToken cancellationToken = default);

    /// <summary>The whole upload: get a URL, send the bytes to it, complete the upload into a channel or DM.</summary>
    Task<CompleteUploadExternalResponse> Upload(byte[] content, string fileName, string channelId, string? title = null, string? initialComment = null, CancellationToken cancellationToken = default);
}

public interface IAppsConnectionsApi
{
    /// <summary>apps.connections.open with the app-level token: a single-use Socket Mode URL.</summary>
    Task<ConnectionOpenResponse> Open(CancellationToken cancellationToken = default);
}
