using PartnerCms.Core.Content;
using PartnerCms.Workflows.Abstractions;

namespace PartnerCms.Workflows.Models;

/// <summary>
/// A workflow's definition as a content item of type <see cref="ContentType"/> (its id is the workflow's): the shared
/// versioning keeps the editor's draft and every published version.
/// </summary>
public sealed class WorkflowDefinitionPart : ContentPart
{
    public const string ContentType = "WorkflowDefinition";

    public WorkflowDefinition Definition { get; set; } = new();
}
