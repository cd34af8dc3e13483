import Big from 'big.js';
import { Dec } from '@hourglass/money';
import { MS_PER_HOUR_DEC } from '../quantity';

/**
 * Package: `unitPrice` buys a package of `packageGpuHours`; a started package is a whole
 * package (Lago's package charge). Computed with exact remainder arithmetic: a division
 * truncated to finitely many digits could turn an exact fit into one package too many.
 */
function packages(quantity: Big, packageSize: Big): Big {
  if (packageSize.lte(0)) throw new Error('packageGpuHours must be positive');
  const remainder = quantity.mod(packageSize);
  const whole = quantity.minus(remainder).div(packageSize);
  return remainder.gt(0) ? whole.plus(1) : whole;
}

export function packageCount(packageGpuHours: string, gpuHours: Big): Big {
  return packages(new Dec(gpuHours), new Dec(packageGpuHours));
}

export function packageExact(unitPrice: string, packageGpuHours: string, gpuHours: Big): Big {
  return packageCount(packageGpuHours, gpuHours).times(new Dec(unitPrice));
}

export function packageExactForGpuMs(unitPrice: string, packageGpuHours: string, gpuMs: bigint): Big {
  return packages(new Dec(gpuMs), new Dec(packageGpuHours).times(MS_PER_HOUR_DEC)).times(new Dec(unitPrice));
}
