using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerCms.Core.Organizations;
using PartnerCms.Core.Security;
using PartnerCms.Offers.Services;
using PartnerCms.Offers.ViewModels;

namespace PartnerCms.Offers.Controllers;

/// <summary>
/// Partner → Headline experiments: marketing staff start an experiment (two headlines and introductions, a split, a
/// start and an optional end), follow its results, stop it, and publish the winner's texts as the branding's.
/// </summary>
[Route("partner/experiments")]
[RequirePermission(OffersPermissionNames.ManageExperiments)]
public sealed class ExperimentsController(HeadlineExperiments experiments, ICurrentOrganization currentOrganization) : Controller
{
    private string Organization => currentOrganization.OrganizationId!;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var (headline, introduction) = await experiments.CurrentTextsAsync(Organization, cancellationToken);
        return await PageAsync(new ExperimentForm { HeadlineA = headline, IntroductionA = introduction }, new Dictionary<string, string>(StringComparer.Ordinal), null, cancellationToken);
    }

    [HttpPost("")]
    public async Task<IActionResult> Start([FromForm] ExperimentForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            // A split that is not a number: said as the service says a wrong one.
            ModelState.Clear();
            form.SplitB = 0;
        }

        var (experiment, errors) = await experiments.StartAsync(Organization, form, User.Identity!.Name!, cancellationToken);
        if (experiment is not null)
        {
            TempData["Status"] = $"The experiment \"{experiment.Name}\" is on: {100 - experiment.SplitB} % of visitors see A, {experiment.SplitB} % see B.";
            return RedirectToAction(nameof(Index));
        }

        Response.StatusCode = errors.ContainsKey(string.Empty) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await PageAsync(form, errors, null, cancellationToken);
    }

    [HttpPost("{id:long}/stop")]
    public async Task<IActionResult> Stop(long id, CancellationToken cancellationToken)
    {
        if (await experiments.GetAsync(Organization, id, cancellationToken) is null)
        {
            return NotFound();
        }

        await experiments.StopAsync(Organization, id, User.Identity!.Name!, cancellationToken);
        TempData["Status"] = "The experiment is stopped: every visitor sees the branding's headline again.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:long}/publish")]
    public async Task<IActionResult> Publish(long id, string? variant, CancellationToken cancellationToken)
    {
        if (await experiments.GetAsync(Organization, id, cancellationToken) is null)
        {
            return NotFound();
        }

        var problem = await experiments.PublishWinnerAsync(Organization, id, variant ?? string.Empty, User.Identity!.Name!, cancellationToken);
        if (problem is null)
        {
            TempData["Status"] = $"{variant}'s headline and introduction are published as your branding's, and the experiment is stopped.";
            return RedirectToAction(nameof(Index));
        }

        Response.StatusCode = StatusCodes.Status409Conflict;
        return await PageAsync(new ExperimentForm(), new Dictionary<string, string>(StringComparer.Ordinal), problem, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(ExperimentForm form, IReadOnlyDictionary<string, string> errors, string? problem, CancellationToken cancellationToken) =>
        View("Index", new ExperimentsPage(await experiments.ResultsAsync(Organization, cancellationToken), form, errors, problem));
}
