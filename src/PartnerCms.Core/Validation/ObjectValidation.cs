using System.ComponentModel.DataAnnotations;

namespace PartnerCms.Core.Validation;

/// <summary>Runs an input model's data annotations outside MVC (recipes, services), so every entry point checks the same rules.</summary>
public static class ObjectValidation
{
    public static IReadOnlyList<string> Errors(object model)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        return results.Select(r => $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }

    /// <summary>Trims every public string property; empty strings become null where the property allows it.</summary>
    public static T Trimmed<T>(T model) where T : class
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanRead && p.CanWrite))
        {
            if (property.GetValue(model) is string value)
            {
                property.SetValue(model, value.Trim());
            }
        }

        return model;
    }
}
