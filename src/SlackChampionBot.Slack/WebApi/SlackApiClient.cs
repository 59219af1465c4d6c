using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>The Web API client: each family turns its arguments into form fields and reads its part of the answer.</summary>
internal sealed class SlackApiClient : ISlackApiClient
{
    public SlackApiClient(IHttpClientFactory httpClientFactory, IOptions<SlackAdapterOptions> options, TimeProvider timeProvider, ILogger<SlackApiClient> logger, IHostApplicationLifetime? lifetime = null)
        : this(new SlackApiTransport(httpClientFactory, options.Value, timeProvider, logger, lifetime?.ApplicationStopping ?? default))
    {
    }

    private SlackApiClient(SlackApiTransport transport)
    {
        Auth = new AuthApi(transport);
        Chat = new ChatApi(transport);
        Conversations = new ConversationsApi(transport);
        Reactions = new ReactionsApi(transport);
        Users = new UsersApi(transport);
        UserGroups = new UserGroupsApi(transport);
        UserGroupUsers = new UserGroupUsersApi(transport);
        Views = new ViewsApi(transport);
        Files = new FilesApi(transport);
        AppsConnectionsApi = new AppsConnectionsApi(transport);
    }

    public IAuthApi Auth { get; }

    public IChatApi Chat { get; }

    public IConversationsApi Conversations { get; }

    public IReactionsApi Reactions { get; }

    public IUsersApi Users { get; }

    public IUserGroupsApi UserGroups { get; }

    public IUserGroupUsersApi UserGroupUsers { get; }

    public IViewsApi Views { get; }

    public IFilesApi Files { get; }

    public IAppsConnectionsApi AppsConnectionsApi { get; }

    internal static T Read<T>(JsonElement element) =>
        element.Deserialize<T>(SlackJson.Options) ?? throw new SlackException("invalid_response");

    internal static T ReadProperty<T>(JsonElement root, string name, string method) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Deserialize<T>(SlackJson.Options) ?? throw new SlackException("invalid_response", method)
            : throw new SlackException("invalid_response", method, [$"missing '{name}'"]);
}

internal sealed class AuthApi(SlackApiTransport transport) : IAuthApi
{
    public async Task<AuthTestResponse> Test(CancellationToken cancellationToken = default) =>
        SlackApiClient.Read<AuthTestResponse>(await transport.Call("auth.test", new SlackArgs(), cancellationToken).ConfigureAwait(false));
}

internal sealed class ChatApi(SlackApiTransport transport) : IChatApi
{
    public async Task<PostMessageResponse> PostMessage(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var args = new SlackArgs()
            .Add("channel", message.Channel ?? throw new ArgumentException("Message.Channel is required.", nameof(message)))
            .Add("text", message.Text)
            .AddJson("blocks", message.Blocks)
            .Add("thread_ts", message.ThreadTs)
            .Add("reply_broadcast", message.ReplyBroadcast)
            .Add("unfurl_links", message.UnfurlLinks)
            .Add("unfurl_media", message.UnfurlMedia)
            .Add("mrkdwn", message.Mrkdwn);
        return SlackApiClient.Read<PostMessageResponse>(await transport.Call("chat.postMessage", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<PostMessageResponse> PostEphemeral(string userId, Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var args = new SlackArgs()
            .Add("channel", message.Channel ?? throw new ArgumentException("Message.Channel is required.", nameof(message)))
            .Add("user", userId)
            .Add("text", message.Text)
            .AddJson("blocks", message.Blocks)
            .Add("thread_ts", message.ThreadTs)
            .Add("mrkdwn", message.Mrkdwn);
        return SlackApiClient.Read<PostMessageResponse>(await transport.Call("chat.postEphemeral", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<MessageUpdateResponse> Update(MessageUpdate messageUpdate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageUpdate);
        var args = new SlackArgs()
            .Add("channel", messageUpdate.ChannelId)
            .Add("ts", messageUpdate.Ts)
            .Add("text", messageUpdate.Text)
            .AddJson("blocks", messageUpdate.Blocks);
        return SlackApiClient.Read<MessageUpdateResponse>(await transport.Call("chat.update", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<PermalinkResponse> GetPermalink(string channelId, string messageTs, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("channel", channelId).Add("message_ts", messageTs);
        return SlackApiClient.Read<PermalinkResponse>(await transport.Call("chat.getPermalink", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<MessageTsResponse> Delete(string ts, string channelId, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("channel", channelId).Add("ts", ts);
        return SlackApiClient.Read<MessageTsResponse>(await transport.Call("chat.delete", args, cancellationToken).ConfigureAwait(false));
    }
}

internal sealed class ConversationsApi(SlackApiTransport transport) : IConversationsApi
{
    public async Task<string> Open(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("users", string.Join(',', userIds));
        var root = await transport.Call("conversations.open", args, cancellationToken).ConfigureAwait(false);
        return SlackApiClient.ReadProperty<Conversation>(root, "channel", "conversations.open").Id;
    }

    public async Task<ConversationMembersResponse> Members(string channelId, string? cursor = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("channel", channelId).Add("cursor", string.IsNullOrEmpty(cursor) ? null : cursor).AddPositive("limit", limit);
        return SlackApiClient.Read<ConversationMembersResponse>(await transport.Call("conversations.members", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<Conversation> Info(string channelId, bool includeLocale = false, bool includeNumMembers = false, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("channel", channelId).AddFlag("include_locale", includeLocale).AddFlag("include_num_members", includeNumMembers);
        var root = await transport.Call("conversations.info", args, cancellationToken).ConfigureAwait(false);
        return SlackApiClient.ReadProperty<Conversation>(root, "channel", "conversations.info");
    }
}

internal sealed class ReactionsApi(SlackApiTransport transport) : IReactionsApi
{
    public async Task AddToMessage(string name, string channelId, string ts, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("name", name.Trim(':')).Add("channel", channelId).Add("timestamp", ts);
        await transport.Call("reactions.add", args, cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class UsersApi(SlackApiTransport transport) : IUsersApi
{
    public async Task<User> Info(string userId, bool includeLocale = false, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("user", userId).AddFlag("include_locale", includeLocale);
        var root = await transport.Call("users.info", args, cancellationToken).ConfigureAwait(false);
        return SlackApiClient.ReadProperty<User>(root, "user", "users.info");
    }

    public async Task<UserListResponse> List(string? cursor = null, bool includeLocale = false, int limit = 0, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("cursor", string.IsNullOrEmpty(cursor) ? null : cursor).AddFlag("include_locale", includeLocale).AddPositive("limit", limit);
        return SlackApiClient.Read<UserListResponse>(await transport.Call("users.list", args, cancellationToken).ConfigureAwait(false));
    }
}

internal sealed class UserGroupsApi(SlackApiTransport transport) : IUserGroupsApi
{
    public async Task<IReadOnlyList<UserGroup>> List(bool includeCount = false, bool includeDisabled = false, bool includeUsers = false, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().AddFlag("include_count", includeCount).AddFlag("include_disabled", includeDisabled).AddFlag("include_users", includeUsers);
        var root = await transport.Call("usergroups.list", args, cancellationToken).ConfigureAwait(false);
        return SlackApiClient.ReadProperty<List<UserGroup>>(root, "usergroups", "usergroups.list");
    }
}

internal sealed class UserGroupUsersApi(SlackApiTransport transport) : IUserGroupUsersApi
{
    public async Task<IReadOnlyList<string>> List(string userGroupId, bool includeDisabled = false, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs().Add("usergroup", userGroupId).AddFlag("include_disabled", includeDisabled);
        var root = await transport.Call("usergroups.users.list", args, cancellationToken).ConfigureAwait(false);
        return SlackApiClient.ReadProperty<List<string>>(root, "users", "usergroups.users.list");
    }
}

internal sealed class ViewsApi(SlackApiTransport transport) : IViewsApi
{
    public Task<ViewResponse> Open(string triggerId, ViewDefinition view, CancellationToken cancellationToken = default) =>
        Call("views.open", new SlackArgs().Add("trigger_id", triggerId).AddJson<ViewDefinition>("view", view), cancellationToken);

    public Task<ViewResponse> Publish(string userId, HomeViewDefinition view, string? hash = null, CancellationToken cancellationToken = default) =>
        Call("views.publish", new SlackArgs().Add("user_id", userId).AddJson<ViewDefinition>("view", view).Add("hash", hash), cancellationToken);

    public Task<ViewResponse> Update(ViewDefinition view, string externalId, string? hash = null, CancellationToken cancellationToken = default) =>
        Call("views.update", new SlackArgs().AddJson<ViewDefinition>("view", view).Add("external_id", externalId).Add("hash", hash), cancellationToken);

    public Task<ViewResponse> UpdateByViewId(ViewDefinition view, string viewId, string? hash = null, CancellationToken cancellationToken = default) =>
        Call("views.update", new SlackArgs().AddJson<ViewDefinition>("view", view).Add("view_id", viewId).Add("hash", hash), cancellationToken);

    private async Task<ViewResponse> Call(string method, SlackArgs args, CancellationToken cancellationToken) =>
        SlackApiClient.Read<ViewResponse>(await transport.Call(method, args, cancellationToken).ConfigureAwait(false));
}

internal sealed class FilesApi(SlackApiTransport transport) : IFilesApi
{
    public async Task<UploadUrlExternalResponse> GetUploadUrlExternal(string fileName, int length, string? altText = null, string? snippetType = null, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs()
            .Add("filename", fileName)
            .Add("length", length.ToString(CultureInfo.InvariantCulture))
            .Add("alt_txt", altText)
            .Add("snippet_type", snippetType);
        return SlackApiClient.Read<UploadUrlExternalResponse>(await transport.Call("files.getUploadURLExternal", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<CompleteUploadExternalResponse> CompleteUploadExternal(IEnumerable<ExternalFileReference> files, string? channelId = null, string? initialComment = null, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var args = new SlackArgs()
            .AddJson("files", files.ToList())
            .Add("channel_id", channelId)
            .Add("initial_comment", initialComment)
            .Add("thread_ts", threadTs);
        return SlackApiClient.Read<CompleteUploadExternalResponse>(await transport.Call("files.completeUploadExternal", args, cancellationToken).ConfigureAwait(false));
    }

    public async Task<CompleteUploadExternalResponse> Upload(byte[] content, string fileName, string channelId, string? title = null, string? initialComment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = await GetUploadUrlExternal(fileName, content.Length, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!Uri.TryCreate(target.UploadUrl, UriKind.Absolute, out var uploadUrl))
        {
            throw new SlackException("invalid_response", "files.getUploadURLExternal", ["upload_url is not an absolute URL"]);
        }

        await transport.Upload(uploadUrl, content, fileName, cancellationToken).ConfigureAwait(false);
        return await CompleteUploadExternal([new ExternalFileReference { Id = target.FileId, Title = title ?? fileName }], channelId, initialComment, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class AppsConnectionsApi(SlackApiTransport transport) : IAppsConnectionsApi
{
    public async Task<ConnectionOpenResponse> Open(CancellationToken cancellationToken = default) =>
        SlackApiClient.Read<ConnectionOpenResponse>(await transport.Call("apps.connections.open", new SlackArgs(), cancellationToken, SlackTokenKind.AppLevel).ConfigureAwait(false));
}
