// The application menu: report export and the state folder are reachable even when the page is not.
import { dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ReportFormat } from '../../shared/contract';
import type { Wizard } from '../procedure/wizard';
import { exportReport } from './export';

export interface MenuOptions {
  host: Wizard;
  window: () => BrowserWindow | null;
}

const FORMATS: readonly { format: ReportFormat; label: string }[] = [
  { format: 'html', label: 'HTML…' },
  { format: 'pdf', label: 'PDF…' },
  { format: 'json', label: 'JSON…' },
  { format: 'ps1', label: 'PowerShell script…' },
];

/** Sets the application menu. */
export function installMenu({ host, window }: MenuOptions): void {
  const fail =
    (title: string) =>
    (err: unknown): void => {
      dialog.showErrorBox(title, err instanceof Error ? err.message : String(err));
    };
  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        {
          label: 'Export report',
          submenu: FORMATS.map(({ format, label }) => ({
            label,
            click: () => {
              exportReport(host, window(), format).catch(fail('Export failed'));
            },
          })),
        },
        {
          label: 'Open state folder',
          click: () => {
            // openPath resolves with an error text instead of rejecting.
            shell
              .openPath(host.stateDir)
              .then((problem) => {
                if (problem !== '') fail('Could not open the state folder')(new Error(problem));
              })
              .catch(fail('Could not open the state folder'));
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    // Copy and paste of the PowerShell shown in the window go through these roles.
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
