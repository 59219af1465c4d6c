using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

/// <summary>The nomination form (<c>/champion</c> with no arguments): a person and a reason.</summary>
internal sealed class NominateChampionSubmission(ChampionService champions, IBackgroundJobs jobs, SlackRequestContext context) : IViewSubmissionHandler
{
    public const string CallbackId = "champion_nominate";

    public async Task<ViewSubmissionResponse> Handle(ViewSubmission viewSubmission)
    {
        var state = viewSubmission.View.State;
        var nomineeId = state.GetValue(ChampionBlocks.NomineeBlockId, ChampionBlocks.NomineeActionId)?.SelectedUser;
        if (string.IsNullOrEmpty(nomineeId))
        {
            return ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { [ChampionBlocks.NomineeBlockId] = "Choose a person." });
        }

        // A modal's text arrives as typed, not in Slack markup: escape it so it is stored like a command's text.
        var reason = Mrkdwn.Escape(state.GetValue(ChampionBlocks.ReasonBlockId, ChampionBlocks.ReasonActionId)?.Value ?? string.Empty);
        var outcome = await champions.Nominate(context.TeamId, viewSubmission.User.Id, nomineeId, reason, $"view:{viewSubmission.View.Id}", CancellationToken.None);
        if (outcome is NominationRefused refused)
        {
            return ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { [ChampionBlocks.BlockFor(refused.Why)] = Mrkdwn.Unescape(ChampionBlocks.Refusal(refused)) });
        }

        ChampionNotices.SendSoon(jobs, ((Nominated)outcome).NominationId);
        return ViewSubmissionResponse.Null;
    }

    public Task HandleClose(ViewClosed viewClosed) => Task.CompletedTask;
}
