using System.Text.Json.Nodes;

namespace PartnerCms.Workflows.Abstractions;

/// <summary>One setting as the editor's form shows it: the JSON name, label, help, kind, default and choices.</summary>
public sealed record ActivityField(string Name, string Property, string Label, string? Help, FieldKind Kind, bool Required, JsonNode? Default, IReadOnlyList<string> Choices);
