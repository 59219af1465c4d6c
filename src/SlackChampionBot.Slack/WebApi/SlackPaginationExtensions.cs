using System.Runtime.CompilerServices;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>
/// Cursor pagination (slack-protocol.md §7): ask for pages of <c>limit</c> items and follow
/// <c>response_metadata.next_cursor</c> until it is missing or empty.
/// </summary>
public static class SlackPaginationExtensions
{
    /// <summary>The page size the official Node client uses.</summary>
    public const int DefaultPageSize = 200;

    /// <summary>Every user in the workspace, page by page (users.list).</summary>
    public static async IAsyncEnumerable<User> ListAll(this IUsersApi users, bool includeLocale = false, int pageSize = DefaultPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        string? cursor = null;
        do
        {
            var page = await users.List(cursor, includeLocale, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var user in page.Members)
            {
                yield return user;
            }

            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }

    /// <summary>Every member ID of a conversation, page by page (conversations.members).</summary>
    public static async IAsyncEnumerable<string> MembersAll(this IConversationsApi conversations, string channelId, int pageSize = DefaultPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        string? cursor = null;
        do
        {
            var page = await conversations.Members(channelId, cursor, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var member in page.Members)
            {
                yield return member;
            }

            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }
}
