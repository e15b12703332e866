using PartnerCms.Core.Liquid;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>What validation may look at besides the activity's own services: the Liquid parser (with its limits) and the organization.</summary>
public sealed record WorkflowValidationContext(LiquidTemplateService Liquid, string OrganizationId);
