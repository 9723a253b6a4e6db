// What a script on the far side of a remoting boundary does with a lab object: it casts each value to
// a string ([string]$x.Status, [string]$x.OwnerNode), since enums and identities arrive deserialized.
// Defines ConvertTo-TestText in the session: every property of the piped objects as text (lists as
// lists of text), numbers and booleans as they are.
import type { LabSession } from './lab-session';

export const AS_TEXT = String.raw`
function global:ConvertTo-TestText {
    process {
        $h = [ordered]@{}
        foreach ($p in $_.PSObject.Properties) {
            $v = $p.Value
            if ($null -eq $v -or $v -is [string] -or $v -is [bool] -or $v -is [int] -or $v -is [long] -or $v -is [uint32] -or $v -is [double]) { $h[$p.Name] = $v }
            elseif ($v -is [System.Collections.IEnumerable]) { $h[$p.Name] = @($v | ForEach-Object { [string]$_ }) }
            else { $h[$p.Name] = [string]$v }
        }
        New-Object PSObject -Property $h
    }
}`;

export async function defineAsText(lab: LabSession): Promise<void> {
  await lab.run(AS_TEXT);
}
