import { CIP_2020, CIP_2020_REPLACED, EP_GROUPINGS, ONET_SOC_2019, SOC_2018_DETAILED } from './code-lists.js';

/** Why a code is not a valid link, as a diagnostic's message and note; undefined when it is valid. */
export interface CodeProblem {
  message: string;
  note: string;
}

/**
 * Checks a well-formed SOC code (`NN-NNNN.NN` or `NN-NNNN`) against the bundled O*NET-SOC 2019 and SOC 2018 lists,
 * and an Employment Projections grouping against its flag (`epGrouping: true` on such a code and on no other).
 */
export function socCodeProblem(code: string, epGrouping: boolean): CodeProblem | undefined {
  if (code.length > 7 && !epGrouping) {
    if (ONET_SOC_2019.has(code)) return undefined;
    return {
      message: `Unexpected O*NET-SOC code \`${code}\`, expected an occupation of O*NET-SOC 2019`,
      note: SOC_2018_DETAILED.has(code.slice(0, 7))
        ? `O*NET-SOC 2019 has no \`${code}\`; the SOC 2018 occupation \`${code.slice(0, 7)}\` is \`${code.slice(0, 7)}.00\` there.`
        : 'Copy the code from O*NET OnLine or the O*NET database (Occupation Data).',
    };
  }
  if (EP_GROUPINGS.has(code))
    return epGrouping
      ? undefined
      : {
          message: `Unexpected SOC code \`${code}\` without \`epGrouping: true\`, expected the flag on an Employment Projections grouping`,
          note: `\`${code}\` is a BLS Employment Projections grouping of several occupations, not a SOC 2018 detailed occupation: add \`epGrouping: true\` to this link.`,
        };
  if (epGrouping)
    return {
      message: `Unexpected \`epGrouping: true\` on SOC code \`${code}\`, expected it only on an Employment Projections grouping`,
      note: SOC_2018_DETAILED.has(code) ? `\`${code}\` is a SOC 2018 detailed occupation: remove \`epGrouping\`.` : 'Check the code.',
    };
  if (SOC_2018_DETAILED.has(code)) return undefined;
  return {
    message: `Unexpected SOC code \`${code}\`, expected a SOC 2018 detailed occupation`,
    note: 'Copy the code from the SOC 2018 list (the O*NET-SOC 2019 `.00` codes); a BLS Employment Projections grouping needs `epGrouping: true`.',
  };
}

/** Checks a well-formed CIP code (`NN.NNNN`) against the bundled NCES CIP 2020 list; a moved or deleted code names its replacement. */
export function cipCodeProblem(code: string): CodeProblem | undefined {
  if (CIP_2020.has(code)) return undefined;
  const old = CIP_2020_REPLACED[code];
  if (old)
    return {
      message: `Unexpected CIP code \`${code}\` (${old.title}), ${old.action} in CIP 2020, expected ${old.to ? `\`${old.to}\`` : 'its replacement'}`,
      note: old.to
        ? `NCES ${old.action === 'moved' ? 'moved' : 'deleted'} \`${code}\` in CIP 2020 and reports it under \`${old.to}\`: link that code instead.`
        : `NCES ${old.action} \`${code}\` in CIP 2020: look up its replacement in the NCES CIP 2020 list.`,
    };
  return {
    message: `Unexpected CIP code \`${code}\`, expected a code of the NCES CIP 2020 list`,
    note: 'Copy the six-digit code from the NCES CIP 2020 list (https://nces.ed.gov/ipeds/cipcode/).',
  };
}
