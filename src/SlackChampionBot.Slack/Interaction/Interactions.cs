using System.Text.Json;
using System.Text.Json.Serialization;
using SlackChampionBot.Slack.Events;

namespace SlackChampionBot.Slack.Interaction;

public sealed class UserInfo
{
    [JsonRequired]
    [SlackUserId]
    public string Id { get; set; } = string.Empty;

    public string? Username { get; set; }

    public string? Name { get; set; }

    public string? TeamId { get; set; }
}

public sealed class TeamInfo
{
    [JsonRequired]
    public string Id { get; set; } = string.Empty;

    public string? Domain { get; set; }

    /// <summary>The Enterprise Grid organisation, when the workspace belongs to one.</summary>
    public string? EnterpriseId { get; set; }
}

public sealed class ChannelInfo
{
    [JsonRequired]
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }
}

public sealed class Container
{
    public string? Type { get; set; }

    public string? MessageTs { get; set; }

    public string? ChannelId { get; set; }

    public string? ViewId { get; set; }

    public bool? IsEphemeral { get; set; }
}

/// <summary>A view as Slack sends it back with interactions: ids, metadata and the state of its inputs.</summary>
public sealed class ViewInfo
{
    public string Id { get; set; } = string.Empty;

    public string? Type { get; set; }

    public string? CallbackId { get; set; }

    public string? PrivateMetadata { get; set; }

    public string? ExternalId { get; set; }

    public string? Hash { get; set; }

    public string? TeamId { get; set; }

    public ViewState State { get; set; } = new();
}

/// <summary><c>view.state.values</c>: block_id → action_id → value.</summary>
public sealed class ViewState
{
    public Dictionary<string, Dictionary<string, ElementValue>> Values { get; set; } = [];

    /// <summary>The value of one input, or null when the block or action is absent.</summary>
    public ElementValue? GetValue(string blockId, string actionId) =>
        Values.TryGetValue(blockId, out var actions) && actions.TryGetValue(actionId, out var value) ? value : null;
}

/// <summary>The state of one input element; which property is set depends on <see cref="Type"/>.</summary>
public sealed class ElementValue
{
    [JsonRequired]
    public string Type { get; set; } = string.Empty;

    /// <summary>plain_text_input.</summary>
    public string? Value { get; set; }

    /// <summary>static_select / external_select.</summary>
    public SelectedOption? SelectedOption { get; set; }

    /// <summary>users_select.</summary>
    [SlackUserId]
    public string? SelectedUser { get; set; }

    /// <summary>multi_users_select.</summary>
    [SlackUserId]
    public IList<string>? SelectedUsers { get; set; }
}

public sealed class SelectedOption
{
    [JsonRequired]
    public string Value { get; set; } = string.Empty;

    public JsonElement? Text { get; set; }
}

/// <summary>Base of an action in a <c>block_actions</c> payload. Mirrors SlackNet's BlockAction.</summary>
public class BlockAction
{
    public string Type { get; set; } = string.Empty;

    [JsonRequired]
    public string ActionId { get; set; } = string.Empty;

    public string? BlockId { get; set; }

    public string? ActionTs { get; set; }
}

public sealed class ButtonAction : BlockAction
{
    public string? Value { get; set; }
}

public sealed class StaticSelectAction : BlockAction
{
    public SelectedOption? SelectedOption { get; set; }
}

public sealed class UserSelectAction : BlockAction
{
    [SlackUserId]
    public string? SelectedUser { get; set; }
}

/// <summary>A <c>block_actions</c> interaction. Mirrors SlackNet's BlockActionRequest.</summary>
public sealed class BlockActionRequest
{
    public string Type { get; set; } = "block_actions";

    [JsonRequired]
    public UserInfo User { get; set; } = new();

    public TeamInfo? Team { get; set; }

    public ChannelInfo? Channel { get; set; }

    public Container? Container { get; set; }

    public string? TriggerId { get; set; }

    public string? ResponseUrl { get; set; }

    public string? ApiAppId { get; set; }

    /// <summary>The message the action came from (for actions in messages).</summary>
    public MessageEvent? Message { get; set; }

    /// <summary>The view the action came from (for actions in modals and the Home tab).</summary>
    public ViewInfo? View { get; set; }

    /// <summary>The raw actions; the adapter passes each, typed, to its handler.</summary>
    [JsonRequired]
    public IList<JsonElement> Actions { get; set; } = [];
}

/// <summary>Handles a block action with one action_id. Mirrors SlackNet's IBlockActionHandler&lt;TAction&gt;.</summary>
public interface IBlockActionHandler<in TAction> where TAction : BlockAction
{
    Task Handle(TAction action, BlockActionRequest request);
}
