using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

/// <summary>
/// The data feature's background jobs, one per request that <see cref="StarsDataCommand"/> hands off (see
/// <see cref="IBackgroundJobs"/>): each answers in a DM, and when it fails the person is told so in a DM (best effort)
/// and the failure is logged; it is not retried, so they ask again.
/// </summary>
internal sealed class DataJobs(MyData myData, StarsExport export, PersonEraser eraser, ISlackApiClient slack, ILogger<DataJobs> logger)
{
    public Task SendMyData(string teamId, string userId, CancellationToken cancellationToken) =>
        InDm(userId, () => myData.SendTo(teamId, userId, cancellationToken), cancellationToken);

    public Task SendExport(string teamId, string userId, LocalDates range, CancellationToken cancellationToken) =>
        InDm(userId, () => export.SendTo(teamId, userId, range, cancellationToken), cancellationToken);

    /// <summary>Erases <paramref name="personId"/> and tells the data admin who asked what was erased.</summary>
    public Task Forget(string teamId, string adminId, string personId, CancellationToken cancellationToken) =>
        InDm(adminId, async () =>
        {
            var result = await eraser.Erase(teamId, personId, cancellationToken);
            await Tell(adminId, DataBlocks.Erased(personId, result), cancellationToken);
        }, cancellationToken);

    private async Task InDm(string userId, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            try
            {
                await Tell(userId, DataBlocks.WorkFailed, cancellationToken);
            }
            catch (SlackException dm)
            {
                DataLog.DirectMessageFailed(logger, dm.ErrorCode);
            }

            throw;
        }
    }

    private async Task Tell(string userId, string text, CancellationToken cancellationToken)
    {
        var channel = await slack.Conversations.Open([userId], cancellationToken);
        await slack.Chat.PostMessage(new Message { Channel = channel, Text = text }, cancellationToken);
    }
}
