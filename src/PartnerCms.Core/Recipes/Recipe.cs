using System.Text.Json;

namespace PartnerCms.Core.Recipes;

/// <summary>A parsed recipe file: a name and a list of named steps.</summary>
public sealed record Recipe(string Name, string DisplayName, string Description, string FilePath, IReadOnlyList<RecipeStepDescriptor> Steps)
{
    public static Recipe Parse(string filePath, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new RecipeException(filePath, null, $"Recipe file '{filePath}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RecipeException(filePath, null, $"Recipe file '{filePath}' must hold a JSON object with \"name\" and \"steps\".");
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new RecipeException(filePath, null, $"Recipe file '{filePath}' has no \"name\".");
            }

            if (!root.TryGetProperty("steps", out var stepsElement) || stepsElement.ValueKind != JsonValueKind.Array)
            {
                throw new RecipeException(filePath, null, $"Recipe file '{filePath}' has no \"steps\" array.");
            }

            var steps = new List<RecipeStepDescriptor>();
            var position = 0;
            foreach (var step in stepsElement.EnumerateArray())
            {
                position++;
                var stepName = step.ValueKind == JsonValueKind.Object && step.TryGetProperty("name", out var s) && s.ValueKind == JsonValueKind.String
                    ? s.GetString()
                    : null;
                if (string.IsNullOrWhiteSpace(stepName))
                {
                    throw new RecipeException(filePath, null, $"Recipe file '{filePath}': step {position} has no \"name\".");
                }

                steps.Add(new RecipeStepDescriptor(stepName, position, step.Clone()));
            }

            return new Recipe(
                name,
                root.TryGetProperty("displayName", out var d) ? d.GetString() ?? name : name,
                root.TryGetProperty("description", out var desc) ? desc.GetString() ?? string.Empty : string.Empty,
                filePath,
                steps);
        }
    }
}

public sealed record RecipeStepDescriptor(string Name, int Position, JsonElement Element);
