/** The signed-in caller (from `GET /me`), for every page below the layout. */
import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

export const MeContext = createContext<Me | null>(null);

export function useMeContext(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMeContext() outside the signed-in layout');
  return me;
}
