using System.Text.Json.Serialization;
using SlackChampionBot.Slack.Blocks;

namespace SlackChampionBot.Slack.Interaction;

/// <summary>A <c>view_submission</c> interaction. Mirrors SlackNet's ViewSubmission.</summary>
public sealed class ViewSubmission
{
    public string Type { get; set; } = "view_submission";

    public TeamInfo? Team { get; set; }

    [JsonRequired]
    public UserInfo User { get; set; } = new();

    [JsonRequired]
    public ViewInfo View { get; set; } = new();

    public string? TriggerId { get; set; }

    public string? ApiAppId { get; set; }
}

/// <summary>A <c>view_closed</c> interaction (only with notify_on_close).</summary>
public sealed class ViewClosed
{
    public string Type { get; set; } = "view_closed";

    public TeamInfo? Team { get; set; }

    [JsonRequired]
    public UserInfo User { get; set; } = new();

    [JsonRequired]
    public ViewInfo View { get; set; } = new();

    public bool? IsCleared { get; set; }
}

/// <summary>
/// What a view submission answers: nothing (close the modal), field errors, an updated view, or clear.
/// Mirrors SlackNet's ViewSubmissionResponse family.
/// </summary>
public sealed class ViewSubmissionResponse
{
    /// <summary><c>errors</c>, <c>update</c>, <c>push</c>, <c>clear</c>, or null to close the modal.</summary>
    public string? ResponseAction { get; set; }

    /// <summary>block_id → message shown under that input.</summary>
    public IDictionary<string, string>? Errors { get; set; }

    public ViewDefinition? View { get; set; }

    /// <summary>Close the modal (an empty 200).</summary>
    [JsonIgnore]
    public static ViewSubmissionResponse Null => new();

    [JsonIgnore]
    public bool IsNull => ResponseAction is null;

    public static ViewSubmissionResponse WithErrors(IDictionary<string, string> errors) =>
        new() { ResponseAction = "errors", Errors = errors };

    public static ViewSubmissionResponse Update(ViewDefinition view) => new() { ResponseAction = "update", View = view };

    public static ViewSubmissionResponse Push(ViewDefinition view) => new() { ResponseAction = "push", View = view };

    public static ViewSubmissionResponse Clear() => new() { ResponseAction = "clear" };
}

/// <summary>Handles submissions of views with one callback_id. Mirrors SlackNet's IViewSubmissionHandler.</summary>
public interface IViewSubmissionHandler
{
    Task<ViewSubmissionResponse> Handle(ViewSubmission viewSubmission);

    Task HandleClose(ViewClosed viewClosed);
}

/// <summary>A <c>block_suggestion</c> request for an external select's options.</summary>
public sealed class BlockOptionsRequest
{
    public string Type { get; set; } = "block_suggestion";

    [JsonRequired]
    public string ActionId { get; set; } = string.Empty;

    public string? BlockId { get; set; }

    public string Value { get; set; } = string.Empty;

    [JsonRequired]
    public UserInfo User { get; set; } = new();

    public TeamInfo? Team { get; set; }

    public ViewInfo? View { get; set; }
}

public sealed class BlockOptionsResponse
{
    public IList<Option> Options { get; set; } = [];
}

/// <summary>Supplies options for an external select. Mirrors SlackNet's IBlockOptionProvider.</summary>
public interface IBlockOptionProvider
{
    Task<BlockOptionsResponse> GetOptions(BlockOptionsRequest request);
}
